/**
 * Parsers for the textual values people write in config and in headers (`Outrigger-Delay: 5s`).
 * The config schema uses the same patterns, so an editor flags exactly what these refuse.
 * Errors are plain Errors: each caller knows whether a bad value is a config problem or a 400.
 */
import type { StreamStart } from '../kernel/streams.js';

const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = keyof typeof durationUnits;

/** A whole number of milliseconds, or whole numbers with units, compound allowed: `1m30s`. */
export const durationPattern = /^(?:\d+(?:ms|s|m|h|d))+$|^\d+$/;

const sizeUnits = { B: 1, KB: 1_000, KiB: 1_024, MB: 1_000_000, MiB: 1_048_576, GB: 1_000_000_000, GiB: 1_073_741_824 } as const;
type SizeUnit = keyof typeof sizeUnits;

/** A whole number of bytes, with an optional decimal (KB, MB, GB) or binary (KiB, MiB, GiB) unit. */
export const sizePattern = /^\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$/;

/** host:port, [ipv6]:port or :port (all interfaces); the port's range is checked by parseAddress. */
export const addressPattern = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]*):\d{1,5}$/;

const durationHint = 'use whole numbers with a unit (ms, s, m, h, d) such as 250ms, 30s or 1m30s, or an integer of milliseconds';
const sizeHint = 'use a whole number with a unit (B, KB, KiB, MB, MiB, GB, GiB) such as 512B or 256KiB, or an integer of bytes';

/** Milliseconds. Accepts `250ms`, `2s`, `5m`, `1h`, `7d`, `1m30s`, `"1500"` and `1500`. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return wholeNumber(text, 'duration', 'milliseconds');
  if (!durationPattern.test(text)) throw new Error(`invalid duration ${quote(text)}: ${durationHint}`);
  if (/^\d+$/.test(text)) return safe(Number(text), text, 'duration');
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * durationUnits[unit as DurationUnit];
  }
  return safe(total, text, 'duration');
}

/** Bytes. Accepts `512B`, `1MB` (10^6), `1MiB` (2^20), `"1024"` and `1024`. */
export function parseSize(text: string | number): number {
  if (typeof text === 'number') return wholeNumber(text, 'size', 'bytes');
  const match = /^(\d+)([A-Za-z]*)$/.exec(text);
  if (match === null || !sizePattern.test(text)) throw new Error(`invalid size ${quote(text)}: ${sizeHint}`);
  const unit = (match[2] === '' ? 'B' : match[2]) as SizeUnit;
  return safe(Number(match[1]) * sizeUnits[unit], text, 'size');
}

export interface Address {
  /** Empty for `:port`, meaning every interface; IPv6 without brackets. */
  host: string;
  port: number;
}

/** `host:port`, `[::1]:port` or `:port`, port 0..65535 (0: any free port). */
export function parseAddress(text: string): Address {
  if (!addressPattern.test(text)) {
    throw new Error(`invalid address ${quote(text)}: use host:port, [ipv6]:port or :port, e.g. 127.0.0.1:7700`);
  }
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (port > 65_535) throw new Error(`invalid address ${quote(text)}: port ${port} is out of range 0..65535`);
  const host = text.slice(0, colon);
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

/** An RFC 3339 date-time with seconds and an explicit offset: `2026-11-01T00:00:00Z`, `2026-11-01T01:00:00.5+01:00`. */
export const timePattern = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Where a consumer group without a checkpoint starts: `earliest`, `latest` or an RFC 3339 time. */
export const streamStartPattern = new RegExp(`^earliest$|^latest$|${timePattern.source}`);

export function parseStreamStart(text: string): StreamStart {
  if (text === 'earliest' || text === 'latest') return { kind: text };
  return { kind: 'time', time: parseTime(text) };
}

/** Milliseconds since the epoch. Checks each field's range, so `2026-02-30T00:00:00Z` is refused, not rolled over. */
export function parseTime(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(text);
  const hint = 'use earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z';
  if (match === null) throw new Error(`invalid time ${quote(text)}: ${hint}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw new Error(`invalid time ${quote(text)}: a field is out of range; ${hint}`);
  }
  const fraction = match[7] === undefined ? 0 : Math.floor(Number(match[7]) * 1000);
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset;
}

/** The shortest exact spelling in the largest units, e.g. 90000 → `1m30s`; for messages and schema defaults. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const amount = Math.floor(rest / durationUnits[unit]);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * durationUnits[unit];
  }
  return text;
}

/** The largest binary unit that divides the size exactly, e.g. 1048576 → `1MiB`. */
export function formatSize(bytes: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB'] as const) {
    if (bytes >= sizeUnits[unit] && bytes % sizeUnits[unit] === 0) return `${bytes / sizeUnits[unit]}${unit}`;
  }
  return `${bytes}B`;
}

function wholeNumber(value: number, what: string, unit: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`invalid ${what} ${value}: a number must be a non-negative whole number of ${unit}`);
  }
  return value;
}

function safe(value: number, text: string, what: string): number {
  if (!Number.isSafeInteger(value)) throw new Error(`invalid ${what} ${quote(text)}: too large`);
  return value;
}

function quote(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}
