/** Checks on request fields, each failing with INVALID_ARGUMENT that names the field. */
import { resourceNamePattern } from '../../config/names.js';
import { maxReasonLength } from '../../core/service/limits.js';
import { OutriggerError } from '../../kernel/errors.js';

export function requireName(value: string, field: string): string {
  if (value === '') throw new OutriggerError('bad_request', `'${field}' is required`);
  if (!resourceNamePattern.test(value)) {
    throw new OutriggerError('invalid_name', `'${field}': '${value}' is not a valid resource name (letters, digits, '.', '_', '-'; at most 128, starting with a letter or digit)`);
  }
  return value;
}

const maxToken = 1024;

/** Idempotency and ordering keys: empty means absent; otherwise printable ASCII, bounded. */
export function optionalToken(value: string, field: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > maxToken || !/^[\x21-\x7e][\x20-\x7e]*$/.test(value)) {
    throw new OutriggerError('bad_request', `'${field}' must be 1 to ${maxToken} printable ASCII characters`);
  }
  return value;
}

/** A count where 0 means "the default". */
export function countOr(value: number, fallback: number, max: number, field: string): number {
  if (value === 0) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new OutriggerError('bad_request', `'${field}' must be between 1 and ${max}`);
  return value;
}

export function optionalReason(value: string, field: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > maxReasonLength) throw new OutriggerError('bad_request', `'${field}' must be at most ${maxReasonLength} characters`);
  return value;
}
