import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { oneLine, UsageError } from '../errors';

/** Where a `-f` input came from, for messages: the path, or `stdin` for `-f -`. */
export function sourceName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

/**
 * `release start -f FILE`: the release input as written, not yet validated. A `.json` file is
 * read as JSON (its errors are JSON's); anything else, stdin included, as YAML, which reads
 * JSON too. An unreadable or unparseable file is a usage error naming it.
 */
export async function readReleaseFile(path: string, stdin?: AsyncIterable<string | Uint8Array>): Promise<unknown> {
  const text = path === '-' ? await readStdin(stdin) : await readText(path);
  const asJson = extname(path).toLowerCase() === '.json';
  try {
    return asJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${sourceName(path)}: not valid ${asJson ? 'JSON' : 'YAML'}: ${firstLine(error)}`);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${firstLine(error)}`);
  }
}

async function readStdin(stdin: AsyncIterable<string | Uint8Array> | undefined): Promise<string> {
  if (!stdin) throw new UsageError('-f -: no standard input to read');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** The parser's own words, without the source excerpt YAML adds below them. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(message.split('\n')[0] ?? message).replace(/:$/, '');
}
