/** Reading requests: bounded bodies, JSON, and the Outrigger-* headers, each with a precise 4xx. */
import type { IncomingMessage } from 'node:http';
import { parseDuration } from '../../config/units.js';
import { headerValue } from '../../core/cloudevents.js';
import { OutriggerError } from '../../kernel/errors.js';
import { readWhole } from '../../core/read-whole.js';

/** Reads the whole body, refusing (413) as soon as it passes `limit` bytes (the rest is dropped; the answer closes the connection, server.ts). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return readWhole(req, { bytes: limit, error: () => tooLarge(limit) });
}

function tooLarge(limit: number): OutriggerError {
  return new OutriggerError('payload_too_large', `request body is larger than the limit of ${limit} bytes`, { extensions: { limit } });
}

export function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new OutriggerError('invalid_json', 'body is empty; a JSON document is required');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new OutriggerError('invalid_json', `body is not valid JSON: ${(err as Error).message}`);
  }
}

export function mediaType(req: IncomingMessage): string | undefined {
  const value = req.headers['content-type'];
  return value === undefined ? undefined : value.split(';', 1)[0]!.trim().toLowerCase();
}

export function requireJsonBody(req: IncomingMessage, body: Buffer): unknown {
  const type = mediaType(req);
  if (type !== undefined && type !== 'application/json' && !type.endsWith('+json')) {
    throw new OutriggerError('unsupported_media_type', `expected application/json, got '${type}'`);
  }
  return parseJson(body);
}

const maxHeaderValue = 1024;

/** A free-text header such as Idempotency-Key or an ordering key: printable, bounded. */
export function optionalToken(req: IncomingMessage, name: string): string | undefined {
  const value = headerValue(req.headers[name]);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > maxHeaderValue || !/^[\x21-\x7e][\x20-\x7e]*$/.test(value)) {
    throw new OutriggerError('invalid_header', `header '${name}' must be 1 to ${maxHeaderValue} printable ASCII characters`);
  }
  return value;
}

export function optionalDuration(req: IncomingMessage, name: string): number | undefined {
  const value = headerValue(req.headers[name]);
  if (value === undefined) return undefined;
  try {
    return parseDuration(/^\d+$/.test(value) ? Number(value) : value);
  } catch (err) {
    throw new OutriggerError('invalid_header', `header '${name}': ${(err as Error).message} (e.g. 500ms, 30s, 5m, or milliseconds)`);
  }
}

export function optionalTime(req: IncomingMessage, name: string): number | undefined {
  const value = headerValue(req.headers[name]);
  if (value === undefined) return undefined;
  const time = parseRfc3339(value);
  if (time === undefined) throw new OutriggerError('invalid_header', `header '${name}' must be an RFC 3339 time such as 2026-01-31T12:00:00Z`);
  return time;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseRfc3339(value: string): number | undefined {
  if (!rfc3339.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** An integer query parameter within bounds, or its default. */
export function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new OutriggerError('bad_request', `query parameter '${name}' must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new OutriggerError('bad_request', `query parameter '${name}' must be between ${min} and ${max}`);
  return value;
}
