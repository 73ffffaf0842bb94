import type { ClanforgeErrorType } from '../clanforge/errors';

export type ErrorOutcome = ClanforgeErrorType;
