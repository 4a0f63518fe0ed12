/** Flags of one verb, parsed strictly: anything unknown is a usage error, never a stack trace. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../config/units.js';
import { UsageError } from './failures.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags every verb that talks to the sidecar takes. */
export const connectionOptions = {
  config: { type: 'string', short: 'c' },
  url: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const helpOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export function parseVerb<const T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' own messages are good; its advice about '--' rarely applies here.
    const message = (err as Error).message.replace(/ To specify a positional argument starting with a '-'.*$/s, '');
    throw new UsageError(message);
  }
}

export function positionals(given: string[], names: string[], optional: string[] = []): string[] {
  if (given.length < names.length) throw new UsageError(`missing ${names.slice(given.length).map((n) => `<${n}>`).join(' ')}`);
  if (given.length > names.length + optional.length) throw new UsageError(`unexpected argument '${given[names.length + optional.length]}'`);
  return given;
}

export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got '${value}')`);
  return n;
}

/** `500ms`, `30s`, `5m` or milliseconds. */
export function durationFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch {
    throw new UsageError(`--${flag} must be a duration such as 500ms, 30s or 5m (got '${value}')`);
  }
}
