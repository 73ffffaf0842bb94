import { describe } from 'vitest';
import { apiModeMatrix } from './apiModes';

// The API mode matrix (apiModes.ts) under --progress zero --failed-installs unlisted.
describe('--progress zero --failed-installs unlisted', { timeout: 180_000 }, () =>
  apiModeMatrix('unlisted', [91, 92, 93]),
);
