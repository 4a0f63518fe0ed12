/**
 * What the config schema's patterns and formats mean, apart from the schema itself, so that the
 * validators generated from it (generated/validators.ts) and the messages about what they refuse
 * need neither TypeBox nor Ajv at run time.
 */
import { resourceNameHint, resourceNamePattern } from './names.js';
import { addressPattern, durationPattern, parseDuration, parseSize, parseStreamStart, sizePattern, streamStartPattern } from './units.js';

/** Ajv's options for the config and settings schemas, generated or compiled at run time alike. */
export const ajvOptions = {
  allErrors: true,
  verbose: true,
  // `${VAR}` always yields a string, and `concurrency: ${N}` should still be a number.
  coerceTypes: true,
  allowUnionTypes: true,
  strict: true,
} as const;

export const urlPattern = '^https?://[^\\s/?#]+';
export const pathPattern = '^/';

/** What a value matching each pattern looks like, for messages about values that do not. */
export const patternHints: ReadonlyMap<string, string> = new Map([
  [durationPattern.source, 'must be a duration such as 250ms, 30s, 5m, 1h, 7d or 1m30s, or an integer of milliseconds'],
  [sizePattern.source, 'must be a size such as 512B, 256KiB, 1MiB or 1MB, or an integer of bytes'],
  [addressPattern.source, 'must be host:port, [ipv6]:port or :port, e.g. 127.0.0.1:7700'],
  [resourceNamePattern.source, `must be ${resourceNameHint}`],
  [urlPattern, 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8080'],
  [pathPattern, "must be a path starting with '/', e.g. /events/order-created"],
  [streamStartPattern.source, 'must be earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z'],
]);

const parsers: Record<string, { pattern: RegExp; parse: (text: string) => unknown }> = {
  duration: { pattern: durationPattern, parse: parseDuration },
  size: { pattern: sizePattern, parse: parseSize },
  'stream-start': { pattern: streamStartPattern, parse: parseStreamStart },
};

/**
 * The schema's formats, in the shape Ajv takes them. They catch what a pattern cannot, such as
 * `99999999999999999999d`; a value that misses the pattern is left to the pattern's message alone.
 */
export const schemaFormats: Readonly<Record<string, { type: 'string'; validate: (text: string) => boolean }>> = Object.fromEntries(
  Object.entries(parsers).map(([name, { pattern, parse }]) => [name, { type: 'string' as const, validate: (text: string) => !pattern.test(text) || parseProblem(parse, text) === undefined }]),
);

/** Why `text` fails the format `name` (its parser's complaint), or undefined when it does not. */
export function formatProblem(name: string, text: string): string | undefined {
  const parser = parsers[name];
  return parser === undefined ? undefined : parseProblem(parser.parse, text);
}

function parseProblem(parse: (text: string) => unknown, text: string): string | undefined {
  try {
    parse(text);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
