import { describe } from 'vitest';
import { apiModeMatrix } from './apiModes';

// The API mode matrix (apiModes.ts) under --progress zero --failed-installs listed.
describe('--progress zero --failed-installs listed', { timeout: 180_000 }, () => apiModeMatrix('listed', [81, 82, 83]));
