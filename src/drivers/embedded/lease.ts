/**
 * Lease tokens: `<message seq>.<random>`. The random part makes a lease unguessable and unique
 * per delivery, so a lease from an earlier delivery of the same message never settles a later one.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { pooledRandomBytes } from '../../kernel/random-pool.js';

const pattern = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{22})$/;

export interface ParsedLease {
  seq: number;
  lease: string;
}

export function newLease(seq: number): string {
  return `${seq}.${pooledRandomBytes(16).toString('base64url')}`;
}

/** Throws `invalid_lease` for anything this driver could not have issued. */
export function parseLease(lease: unknown): ParsedLease {
  if (typeof lease !== 'string') throw invalid();
  const match = pattern.exec(lease);
  const seq = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(seq)) throw invalid();
  return { seq, lease };
}

function invalid(): OutriggerError {
  return new OutriggerError('invalid_lease', 'the lease is not one this broker issued; pass the `lease` string of a delivery unchanged');
}
