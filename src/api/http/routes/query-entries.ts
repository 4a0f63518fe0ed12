/**
 * One entry of a fan-out query: `{target, method?, path?, headers?, body? | bodyBase64?}`. A
 * malformed entry becomes its own inline error, so the other entries still run.
 */
import { resourceNamePattern } from '../../../config/names.js';
import { refuseUnknownFields } from '../../../core/service/strict-input.js';
import { OutriggerError } from '../../../kernel/errors.js';
import type { QueryRequest } from '../../../core/query/types.js';

const keys = ['target', 'method', 'path', 'headers', 'body', 'bodyBase64'];
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseFanOutEntry(entry: unknown, index: number): QueryRequest | OutriggerError {
  try {
    return parse(entry, index);
  } catch (err) {
    if (err instanceof OutriggerError) return err;
    throw err;
  }
}

function parse(entry: unknown, index: number): QueryRequest {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw bad(index, 'must be an object {target, method, path, headers, body}');
  const object = entry as Record<string, unknown>;
  refuseUnknownFields(object, keys, `entry ${index}: `, { index });
  const { target, method = 'GET', path = '', headers = {} } = object;
  if (typeof target !== 'string' || !resourceNamePattern.test(target)) throw bad(index, "'target' must be the name of a configured target", 'invalid_name');
  if (typeof method !== 'string') throw bad(index, "'method' must be a string such as GET");
  if (typeof path !== 'string') throw bad(index, "'path' must be a string such as /items/42?expand=price");
  const copied = parseHeaders(headers, index);
  const body = parseBody(object, copied, index);
  return { target, method, path, headers: copied, ...(body !== undefined ? { body } : {}) };
}

function parseHeaders(headers: unknown, index: number): Record<string, string | string[]> {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) throw bad(index, "'headers' must be an object of header names to strings");
  const copied: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const valid = typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!valid) throw bad(index, `header '${name}' must be a string or a list of strings`);
    copied[name.toLowerCase()] = value as string | string[];
  }
  return copied;
}

/** `body`: a string as UTF-8 text, any other JSON value as JSON; `bodyBase64`: bytes. Sets a content type if none is given. */
function parseBody(object: Record<string, unknown>, headers: Record<string, string | string[]>, index: number): Buffer | undefined {
  const { body, bodyBase64 } = object;
  if (body !== undefined && bodyBase64 !== undefined) throw bad(index, "'body' and 'bodyBase64' are mutually exclusive");
  if (bodyBase64 !== undefined) {
    if (typeof bodyBase64 !== 'string' || !base64.test(bodyBase64)) throw bad(index, "'bodyBase64' must be a base64 string");
    headers['content-type'] ??= 'application/octet-stream';
    return Buffer.from(bodyBase64, 'base64');
  }
  if (body === undefined) return undefined;
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return Buffer.from(body);
  }
  headers['content-type'] ??= 'application/json';
  return Buffer.from(JSON.stringify(body));
}

function bad(index: number, detail: string, code: 'bad_request' | 'invalid_name' = 'bad_request'): OutriggerError {
  return new OutriggerError(code, `entry ${index}: ${detail}`, { extensions: { index } });
}
