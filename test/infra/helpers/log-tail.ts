/**
 * The end of a test server's log, for the error of a start that failed: the server's temp folder,
 * log included, is removed then, so what the log said travels in the error.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export function logTail(file: string, lines = 40): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `(${basename(file)} was not written)`;
  }
  const tail = text.trimEnd().split('\n').slice(-lines);
  return `last ${tail.length} lines of ${basename(file)}:\n${tail.join('\n')}`;
}
