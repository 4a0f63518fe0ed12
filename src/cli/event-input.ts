/**
 * The message a publish, send or append carries: data from an argument, a file (`@file`) or
 * stdin, and CloudEvents attributes from flags, sent in CloudEvents binary mode (`ce-*` headers).
 */
import { readFile } from 'node:fs/promises';
import { text as readAll } from 'node:stream/consumers';
import { UsageError } from './failures.js';
import type { OptionSpec } from './args.js';

export const eventOptions = {
  type: { type: 'string' },
  subject: { type: 'string' },
  id: { type: 'string' },
  source: { type: 'string' },
  time: { type: 'string' },
  'content-type': { type: 'string' },
  ext: { type: 'string', multiple: true },
  'idempotency-key': { type: 'string' },
} as const satisfies OptionSpec;

export interface EventFlags {
  type?: string | undefined;
  subject?: string | undefined;
  id?: string | undefined;
  source?: string | undefined;
  time?: string | undefined;
  'content-type'?: string | undefined;
  ext?: string[] | undefined;
  'idempotency-key'?: string | undefined;
}

export interface Stdin {
  isTTY?: boolean;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/** `DATA`, `@file`, `-` / `@-` for stdin; absent: stdin when something is piped in, else no data. */
export async function readData(argument: string | undefined, stdin: Stdin): Promise<Buffer> {
  if (argument === '-' || argument === '@-' || (argument === undefined && stdin.isTTY !== true)) {
    return Buffer.from(await readAll(stdin as AsyncIterable<Buffer>), 'utf8');
  }
  if (argument === undefined) return Buffer.alloc(0);
  if (argument.startsWith('@')) {
    try {
      return await readFile(argument.slice(1));
    } catch (err) {
      throw new UsageError(`cannot read ${argument.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return Buffer.from(argument, 'utf8');
}

/** Headers for the event: attributes as `ce-*`, the data's content type guessed when not given. */
export function eventHeaders(flags: EventFlags, data: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  const contentType = flags['content-type'] ?? guessContentType(data);
  if (contentType !== undefined) headers['content-type'] = contentType;
  for (const attribute of ['type', 'subject', 'id', 'source', 'time'] as const) {
    const value = flags[attribute];
    if (value !== undefined) headers[`ce-${attribute}`] = value;
  }
  for (const pair of flags.ext ?? []) {
    const match = /^([a-z0-9]{1,20})=(.*)$/s.exec(pair);
    if (match === null) throw new UsageError(`--ext must be name=value with a CloudEvents extension name (lower-case letters and digits), got '${pair}'`);
    headers[`ce-${match[1]}`] = match[2]!;
  }
  if (flags['idempotency-key'] !== undefined) headers['idempotency-key'] = flags['idempotency-key'];
  return headers;
}

function guessContentType(data: Buffer): string | undefined {
  if (data.byteLength === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return 'application/octet-stream';
  }
  try {
    JSON.parse(text);
    return 'application/json';
  } catch {
    return 'text/plain; charset=utf-8';
  }
}
