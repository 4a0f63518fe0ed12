/**
 * The leases one driver instance holds on one inbox. JetStream's own lease is the consumer's
 * ack wait, which is one length for the whole consumer and cannot tell a stale holder from the
 * current one: an ack sent with the reply subject of an expired delivery still settles the
 * message's *current* delivery (measured on nats-server 2.9). So the lease is kept here:
 *   - the token is `<stream sequence>.<delivery count>`, and only the delivery this table holds
 *     under that sequence with that count may settle; anything else is `lease_expired`;
 *   - while a lease is held, `+WPI` (in progress) is sent every half ack wait, so the server
 *     never redelivers a message under a live lease, whatever its length;
 *   - when the lease runs out, the table drops it and calls `onExpire` (which naks it), so the
 *     message comes back with its attempt counted, as a lapsed lease does on every broker.
 * If the process dies, the ack wait is the lease: the server redelivers after it.
 */
import type { Msg } from '@nats-io/transport-node';
import type { MessageHeaders } from '../contract.js';
import type { AckInfo } from './codec.js';

export interface Held {
  msg: Msg;
  ack: AckInfo;
  /** Outrigger's attempt (the delivery count plus attempts carried by a copy). */
  attempt: number;
  /** Every header, the driver's own included, for copies. */
  headers: MessageHeaders;
  enqueuedAt: number;
  expiresAt: number;
  lastTouch: number;
  timer?: NodeJS.Timeout;
}

const inProgress = new TextEncoder().encode('+WPI');
const leasePattern = /^(\d{1,16})\.(\d{1,16})$/;

export type LeaseLookup = { kind: 'held'; held: Held } | { kind: 'stale' } | { kind: 'malformed' };

export class Leases {
  readonly #held = new Map<number, Held>();
  readonly #ackWaitMs: number;
  readonly #onExpire: (held: Held) => void;

  constructor(ackWaitMs: number, onExpire: (held: Held) => void) {
    this.#ackWaitMs = ackWaitMs;
    this.#onExpire = onExpire;
  }

  /** Holds a fresh delivery; returns its lease token. */
  add(held: Held): string {
    this.#clear(this.#held.get(held.ack.streamSequence));
    this.#held.set(held.ack.streamSequence, held);
    this.#schedule(held);
    return `${held.ack.streamSequence}.${held.ack.deliveryCount}`;
  }

  lookup(lease: string): LeaseLookup {
    const match = leasePattern.exec(lease);
    if (match === null) return { kind: 'malformed' };
    const held = this.#held.get(Number(match[1]));
    if (held === undefined || held.ack.deliveryCount !== Number(match[2]) || Date.now() >= held.expiresAt) return { kind: 'stale' };
    return { kind: 'held', held };
  }

  /** Gives the lease up (settled, or about to be): its timer stops and it can no longer be looked up. */
  drop(held: Held): void {
    this.#clear(held);
    if (this.#held.get(held.ack.streamSequence) === held) this.#held.delete(held.ack.streamSequence);
  }

  renew(held: Held, leaseMs: number): number {
    this.#clear(held);
    held.expiresAt = Date.now() + leaseMs;
    this.#touch(held);
    this.#schedule(held);
    return held.expiresAt;
  }

  /** Every lease still held, e.g. to release them at close. */
  all(): Held[] {
    return [...this.#held.values()];
  }

  #schedule(held: Held): void {
    const now = Date.now();
    const heartbeat = held.lastTouch + this.#ackWaitMs / 2;
    const at = Math.min(held.expiresAt, heartbeat);
    held.timer = setTimeout(() => this.#tick(held), Math.max(0, at - now));
    held.timer.unref();
  }

  #tick(held: Held): void {
    if (this.#held.get(held.ack.streamSequence) !== held) return;
    if (Date.now() >= held.expiresAt) {
      this.drop(held);
      this.#onExpire(held);
      return;
    }
    this.#touch(held);
    this.#schedule(held);
  }

  /** `+WPI` restarts the server's ack wait for this delivery. */
  #touch(held: Held): void {
    held.lastTouch = Date.now();
    try {
      held.msg.respond(inProgress);
    } catch {
      // The connection is closed or being replaced: the server's ack wait takes over the lease.
    }
  }

  #clear(held: Held | undefined): void {
    if (held?.timer !== undefined) clearTimeout(held.timer);
  }
}
