/**
 * Leased consumption of a queue or subscription stream (lua-inbox.ts holds the scripts). Receive
 * runs the receive script; when it finds nothing it waits in a blocking XREAD for a newer entry,
 * or until the next lease or retry time falls due, and looks again until waitMs has passed.
 */
import type { DeadLetter, Delivery, InboxDepth, InboxOperations, InboxRef, NackOptions, ReceiveOptions } from '../contract.js';
import { describeInbox } from '../inbox-names.js';
import { parseLease, toDeadLetter, toDelivery } from './codec.js';
import type { RedisConnection } from './connection.js';
import { invalidLease, leaseExpired, toRedisError } from './errors.js';
import { inboxKeyList, type KeySpace } from './keys.js';
import { depthScript, receiveScript, redriveScript, settleScript } from './lua-inbox.js';

/** The consumer name in the group: leases are the driver's claims, not per-consumer ownership. */
const consumerName = 'outrigger';

type RawDelivery = [Buffer, number, number, number, Buffer[]];
type ReceiveReply = [RawDelivery[], Buffer | null, Buffer | null, Buffer, Buffer, number];

export interface InboxContext {
  broker: string;
  group: string;
  keys: KeySpace;
  connection: RedisConnection;
}

export class RedisInboxes implements InboxOperations {
  readonly #cx: InboxContext;

  constructor(context: InboxContext) {
    this.#cx = context;
  }

  async receive(inbox: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    const keys = this.#cx.keys.inbox(inbox);
    // 0: the lease length ensureQueue stored beside the stream, whichever process ensured it.
    const leaseMs = options.leaseMs ?? 0;
    const deadline = Date.now() + options.waitMs;
    try {
      for (;;) {
        if (options.signal?.aborted) return [];
        const reply = await this.#run<ReceiveReply>(receiveScript, inbox, [String(Math.max(1, options.max)), String(leaseMs)]);
        const [raw, nextDue, nextScheduled, newest, woken, now] = reply;
        if (raw.length > 0) return raw.map(([id, attempt, claim, leaseEnd, fields]) => toDelivery(id.toString(), attempt, claim, leaseEnd, fields));
        const left = deadline - Date.now();
        if (left <= 0) return [];
        // Wake no later than when a lease ends or a retry or scheduled message falls due (Redis's clock).
        const dueIn = Math.min(...[nextDue, nextScheduled].map((at) => (at === null ? Infinity : Number(at.toString()) - now)));
        await this.#cx.connection.waitForEntry(
          [
            [keys.stream, newest.toString()],
            [keys.wake, woken.toString()],
          ],
          Math.max(1, Math.min(left, dueIn)),
          options.signal,
        );
      }
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `receiving from ${describeInbox(inbox)}`);
    }
  }

  async ack(inbox: InboxRef, lease: string): Promise<void> {
    await this.#settle(inbox, lease, 'ack', 0, '', 'acknowledging');
  }

  async nack(inbox: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    const op = options.release === true ? 'release' : options.deadLetter === true ? 'deadletter' : 'retry';
    await this.#settle(inbox, lease, op, Math.max(0, options.retryAfterMs ?? 0), options.reason ?? 'dead-lettered by the consumer', 'rejecting');
  }

  async renew(inbox: InboxRef, lease: string, leaseMs: number): Promise<number> {
    return (await this.#settle(inbox, lease, 'renew', leaseMs, '', 'renewing the lease')) as number;
  }

  async listDeadLetters(inbox: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    const { deadLetters } = this.#cx.keys.inbox(inbox);
    try {
      const entries = await this.#cx.connection.command<[Buffer, Buffer[]][]>(['XRANGE', deadLetters, '-', '+', 'COUNT', String(Math.max(1, options.limit))]);
      return entries.map(([id, fields]) => toDeadLetter(id.toString(), fields));
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `listing the dead letters of ${describeInbox(inbox)}`);
    }
  }

  async redrive(inbox: InboxRef, options: { ids?: string[] }): Promise<number> {
    if (options.ids !== undefined && options.ids.length === 0) return 0;
    try {
      return await this.#run<number>(redriveScript, inbox, options.ids ?? []);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `redriving the dead letters of ${describeInbox(inbox)}`);
    }
  }

  async depth(inbox: InboxRef): Promise<InboxDepth> {
    try {
      const [ready, inFlight, deadLettered] = await this.#run<[number, number, number]>(depthScript, inbox, []);
      return { ready: Math.max(0, ready), inFlight, deadLettered };
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `reading the depth of ${describeInbox(inbox)}`);
    }
  }

  async #settle(inbox: InboxRef, lease: string, op: string, ms: number, reason: string, action: string): Promise<number | undefined> {
    const parsed = parseLease(lease);
    if (parsed === undefined) throw invalidLease(lease);
    let reply: [number, number?];
    try {
      reply = await this.#run<[number, number?]>(settleScript, inbox, [op, parsed.entryId, parsed.claim, String(ms), reason]);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `${action} on ${describeInbox(inbox)}`);
    }
    if (reply[0] !== 1) throw leaseExpired(`${action} on ${describeInbox(inbox)}`);
    return reply[1];
  }

  #run<T>(script: string, inbox: InboxRef, args: string[]): Promise<T> {
    return this.#cx.connection.eval<T>(script, inboxKeyList(this.#cx.keys.inbox(inbox)), [this.#cx.group, consumerName, ...args]);
  }
}
