/**
 * The shapes proto-loader gives and takes for the messages every service shares (see protos.ts
 * for the loader options), and conversions between protobuf time types and epoch milliseconds.
 */
import { OutriggerError } from '../../kernel/errors.js';

export interface Timestamp {
  seconds: number;
  nanos: number;
}

export type Duration = Timestamp;

export interface CloudEventMessage {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: Timestamp | null;
  dataContentType: string;
  dataSchema: string;
  specVersion: string;
  extensions: Record<string, string>;
  data: Buffer;
}

/** Set by protos' wrapped deserializer when the bytes are not a valid message of the method's type. */
export const undecodable = Symbol('undecodable');
export interface Undecodable {
  [undecodable]: string;
}

export function isUndecodable(value: unknown): value is Undecodable {
  return typeof value === 'object' && value !== null && undecodable in value;
}

/** Largest RFC 3339 year is 9999. */
const maxSeconds = 253_402_300_799;

export function timestampToMs(value: Timestamp, field: string): number {
  if (!Number.isFinite(value.seconds) || value.seconds < 0 || value.seconds > maxSeconds || value.nanos < 0 || value.nanos > 999_999_999) {
    throw new OutriggerError('bad_request', `'${field}' is not a valid timestamp between 1970 and 9999`);
  }
  return value.seconds * 1000 + Math.floor(value.nanos / 1e6);
}

export function msToTimestamp(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

/** A Duration in whole milliseconds, between 0 and `maxMs`. */
export function durationToMs(value: Duration, field: string, maxMs: number): number {
  const ms = value.seconds * 1000 + Math.floor(value.nanos / 1e6);
  if (!Number.isFinite(ms) || value.seconds < 0 || value.nanos < 0 || ms > maxMs) {
    throw new OutriggerError('bad_request', `'${field}' must be a duration between 0 and ${maxMs} ms`);
  }
  return ms;
}
