import type { z } from 'zod';

/**
 * Zod's issues as the lines users read: `images[2].imageId: must be a positive integer`, one per
 * bad field, and `field: <rule>` for each field the schema does not know.
 */
export function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  unknownFieldRule: (path: readonly PropertyKey[], key: string) => string = () => 'unknown field',
): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => `${pathText([...issue.path, key])}: ${unknownFieldRule(issue.path, key)}`);
    const path = pathText(issue.path);
    return [path ? `${path}: ${issue.message}` : issue.message];
  });
}

/** `images[2].imageId`, `defaults.diffRetries`, `"a b"`: a path as a reader writes it. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    const shown = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    return text ? `${text}.${shown}` : shown;
  }, '');
}
