import { InvalidReleaseInput, parseReleaseInput } from '../../src/contract/release/input';

/** The problems a release input is refused with (none when it is valid). */
export function releaseInputProblems(raw: unknown): string[] {
  try {
    parseReleaseInput(raw);
  } catch (error) {
    if (error instanceof InvalidReleaseInput) return error.problems;
    throw error;
  }
  return [];
}
