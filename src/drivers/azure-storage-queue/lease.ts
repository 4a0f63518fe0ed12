/**
 * Leases are visibility timeouts. The service settles a message by its id and its *current* pop
 * receipt, and every renewal (updateMessage) hands out a new pop receipt; but the lease string a
 * consumer holds never changes. So the token carries the message id and the pop receipt of the
 * receive that made it, and this sidecar keeps, per held message, the receipt that is current now.
 *
 * A token whose receive is no longer the one held here (the lease ran out and the message was
 * received again) is sent with its own, stale receipt, which the service refuses: that refusal
 * is `lease_expired`. A token from another sidecar (or from before a restart) works the same way
 * until its message is renewed by someone else.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { Decoded } from './envelope.js';

export interface LeaseToken {
  /** The service's message id. */
  messageId: string;
  /** The pop receipt of the receive that made this lease. */
  popReceipt: string;
}

/** What this sidecar remembers of a message it holds: enough to renew, release or dead-letter it. */
export interface Held {
  token: LeaseToken;
  /** The receipt the service holds now (changes with each renewal). */
  popReceipt: string;
  /** Undefined for a lease renewed here but received elsewhere: it can be settled, not dead-lettered or rewritten. */
  decoded?: Decoded;
  /** 0 when unknown (decoded undefined). */
  attempt: number;
  enqueuedAt: number;
  leaseExpiresAt: number;
}

export function encodeLease(token: LeaseToken): string {
  return Buffer.from(JSON.stringify([token.messageId, token.popReceipt]), 'utf8').toString('base64url');
}

export function decodeLease(lease: string): LeaseToken {
  try {
    const value = JSON.parse(Buffer.from(lease, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && value[0] !== '' && value[1] !== '') {
      return { messageId: value[0], popReceipt: value[1] };
    }
  } catch {
    // fall through
  }
  throw new OutriggerError('invalid_lease', 'the lease is not one this broker handed out (a Storage Queues lease names a message and its pop receipt)');
}

/** Held messages of one queue, by message id; entries long past their lease are dropped as they are met. */
export class HeldMessages {
  readonly #held = new Map<string, Held>();

  hold(held: Held): void {
    this.#held.set(held.token.messageId, held);
  }

  /** The entry for this very lease, if this sidecar holds it (undefined for a stale or foreign token). */
  find(token: LeaseToken): Held | undefined {
    const held = this.#held.get(token.messageId);
    return held !== undefined && held.token.popReceipt === token.popReceipt ? held : undefined;
  }

  /** The receipt to present for `token`: the current one if held here, else the token's own. */
  receiptFor(token: LeaseToken): string {
    return this.find(token)?.popReceipt ?? token.popReceipt;
  }

  drop(token: LeaseToken): void {
    if (this.find(token) !== undefined) this.#held.delete(token.messageId);
  }

  /** Every held entry whose lease is still running, for release on close. */
  live(now = Date.now()): Held[] {
    return [...this.#held.values()].filter((held) => held.leaseExpiresAt > now);
  }

  /** Forgets entries whose lease ended more than `graceMs` ago: their receipts are stale anyway. */
  prune(now = Date.now(), graceMs = 60_000): void {
    for (const [id, held] of this.#held) if (held.leaseExpiresAt + graceMs < now) this.#held.delete(id);
  }
}
