/**
 * Reading the document before it is known to be valid: every check runs even when the schema
 * found mistakes, so each accessor answers "absent" for a value of the wrong shape (the schema
 * has reported that one already) instead of throwing.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value if it is a mapping, else an empty one. */
export function recordAt(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Mapping entries whose values are mappings; `orders:` with nothing after it counts as `orders: {}`. */
export function entriesAt(value: unknown): Array<[string, Record<string, unknown>]> {
  return Object.entries(recordAt(value)).flatMap(([name, item]) => (isRecord(item) ? [[name, item] as [string, Record<string, unknown>]] : []));
}
