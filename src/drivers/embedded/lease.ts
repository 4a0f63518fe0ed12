/**
 * Lease tokens: `<message seq>.<random>`. The random part makes a lease unguessable and unique
 * per delivery, so a lease from an earlier delivery of the same message never settles a later one.
 */
import { randomFillSync } from 'node:crypto';
import { OutriggerError } from '../../core/errors.js';

const pattern = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{22})$/;

export interface ParsedLease {
  seq: number;
  lease: string;
}

const LEASE_BYTES = 16;
// Random bytes are drawn from the CSPRNG a pool at a time (one call per 256 leases instead of one
// each); every lease still gets its own 16 bytes, never shared with another lease.
const pool = Buffer.alloc(LEASE_BYTES * 256);
let used = pool.length;

export function newLease(seq: number): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.toString('base64url', used, used + LEASE_BYTES);
  used += LEASE_BYTES;
  return `${seq}.${random}`;
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
