import fs from 'node:fs';
import path from 'node:path';
import type { StoreSnapshot } from './store';

/** Reads the state file; null when it does not exist yet. A corrupt file is an error, not a reset. */
export function loadState(file: string): StoreSnapshot | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return JSON.parse(text) as StoreSnapshot;
  } catch {
    throw new Error(`state file ${file} is not valid JSON; move it away to start fresh`);
  }
}

/** Write-temp-then-rename, so a crash mid-write never leaves a half-written state file. */
export function saveState(file: string, snapshot: StoreSnapshot): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(snapshot));
  fs.renameSync(temp, file);
}
