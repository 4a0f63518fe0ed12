/**
 * Leased consumption from queues and topic subscriptions (InboxOperations). Each inbox is a
 * durable pull consumer; what JetStream cannot say itself is kept here:
 *   - leases and their staleness (leases.ts);
 *   - the attempt: the delivery count plus the attempts a copy carries (a release writes a copy
 *     that says how many attempts came before, because JetStream counts every redelivery);
 *   - maxDeliveries and dead letters (dead-letters.ts), counted by the driver because the
 *     server's max_deliver would drop the message with only an advisory to show for it;
 *   - expiry (ttl) and subscription filters, applied at receive: what does not qualify is
 *     acknowledged and never shown.
 */
import type { Msg } from '@nats-io/transport-node';
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery, InboxDepth, InboxOperations, InboxRef, NackOptions, ReceiveOptions, DeadLetter } from '../contract.js';
import { describeInbox } from '../inbox-names.js';
import { asOutbound, bookkeeping, numberHeader, parseAckSubject, readHeaders } from './codec.js';
import type { ContextSource, NatsContext } from './context.js';
import { countDeadLetters, deadLetter, listDeadLetters, redrive } from './dead-letters.js';
import { type InboxState, readInbox } from './entities.js';
import { leaseExpired, toNatsError } from './errors.js';
import { type Held, Leases } from './leases.js';
import { Arrivals } from './arrivals.js';
import { takeKeyed } from './key-partitions.js';
import { addressedPrefix, copySubject, type InboxKey, keySubjects, laterConsumer } from './names.js';
import { pull, pullWithin } from './pull.js';
import { holdReleased, nakBody, release } from './release.js';

interface Runtime {
  state: InboxState;
  leases: Leases;
  /** Key partitions whose consumer this sidecar made or found (queues). */
  keyConsumers: Set<number>;
}

const ackBody = new TextEncoder().encode('+ACK');

export function inboxKey(ref: InboxRef): InboxKey {
  return ref.kind === 'queue' ? { resource: ref.queue } : { resource: ref.topic, subscription: ref.subscription };
}

export class NatsInboxes implements InboxOperations {
  readonly #ctx: ContextSource;
  readonly #runtimes = new Map<string, Promise<Runtime>>();

  constructor(ctx: ContextSource) {
    this.#ctx = ctx;
  }

  /** After an ensure: the next use reads the inbox's settings again (leases held so far stay valid). */
  async refresh(ref: InboxRef): Promise<void> {
    const cached = this.#runtimes.get(keyOf(ref));
    if (cached === undefined) return;
    const runtime = await cached.catch(() => undefined);
    if (runtime === undefined) this.#runtimes.delete(keyOf(ref));
    else runtime.state = await readInbox(this.#ctx(), inboxKey(ref));
  }

  async receive(ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    const ctx = this.#ctx();
    const runtime = await this.#runtime(ref, 'receiving');
    const leaseMs = options.leaseMs ?? runtime.state.ackWaitMs;
    const deadline = Date.now() + options.waitMs;
    const out: Delivery[] = [];
    // A queue's keyed messages wait in key partitions that the long-poll below does not watch;
    // writes to them wake it.
    const keyed = ref.kind === 'queue' && options.waitMs > 0 ? new Arrivals(ctx.nc, keySubjects(ref.queue)) : undefined;
    try {
      for (;;) {
        const fetched: Msg[] = [];
        try {
          if (ref.kind === 'queue') fetched.push(...(await takeKeyed(ctx, runtime.state, options.max - out.length, runtime.keyConsumers)));
          const room = options.max - out.length - fetched.length;
          if (room > 0) fetched.push(...(await this.#pullUnkeyed(ctx, runtime, room, fetched.length > 0 ? 0 : deadline - Date.now(), keyed, options.signal)));
        } catch (err) {
          if (out.length > 0) return out;
          throw toNatsError(err, { broker: ctx.broker, action: `receiving from ${describeInbox(ref)}` });
        }
        for (const msg of fetched) {
          const delivery = await this.#admit(ctx, runtime, msg, leaseMs).catch(() => undefined);
          if (delivery !== undefined) out.push(delivery);
        }
        if (options.signal?.aborted) {
          // The caller is gone: what arrived meanwhile goes back uncounted.
          await this.#giveBack(ctx, runtime, out.map((d) => d.lease));
          return [];
        }
        if (out.length > 0 || Date.now() >= deadline || (fetched.length === 0 && keyed === undefined)) return out;
      }
    } finally {
      keyed?.close();
    }
  }

  /**
   * The inbox's own consumer. While keyed messages may come, the wait is cut into slices of a
   * second and ends at a keyed write, so that a keyed message given back (a nak, a lapsed lease),
   * which writes nothing, is still seen within a second.
   */
  async #pullUnkeyed(ctx: NatsContext, runtime: Runtime, max: number, leftMs: number, keyed: Arrivals | undefined, signal: AbortSignal | undefined): Promise<Msg[]> {
    const options = { max, ...(signal === undefined ? {} : { signal }) };
    // One event at a time: a no_wait pull would wait without end behind the one in flight
    // (key-partitions.ts says what that costs), and a larger batch would hold the pull open.
    if (runtime.state.ordered === true) return pullWithin(ctx.nc, runtime.state.stream, runtime.state.consumer, { max: 1, waitMs: Math.max(50, leftMs), ...(signal === undefined ? {} : { signal }) });
    if (keyed === undefined || leftMs <= 0) return pull(ctx.nc, runtime.state.stream, runtime.state.consumer, { ...options, waitMs: Math.max(0, leftMs) });
    const waitMs = Math.min(leftMs, 1000);
    const stop = new AbortController();
    const relay = (): void => stop.abort();
    signal?.addEventListener('abort', relay, { once: true });
    void keyed.wait(waitMs, stop.signal).then(relay);
    try {
      return await pull(ctx.nc, runtime.state.stream, runtime.state.consumer, { max, waitMs, signal: stop.signal });
    } finally {
      stop.abort();
      signal?.removeEventListener('abort', relay);
    }
  }

  async ack(ref: InboxRef, lease: string): Promise<void> {
    const ctx = this.#ctx();
    const { runtime, held } = await this.#held(ref, lease, 'acknowledging');
    runtime.leases.drop(held);
    try {
      await ctx.nc.request(held.msg.reply ?? '', ackBody, { timeout: 5000 });
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `acknowledging a delivery of ${describeInbox(ref)}` });
    }
  }

  async nack(ref: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    const ctx = this.#ctx();
    const { runtime, held } = await this.#held(ref, lease, 'nacking');
    runtime.leases.drop(held);
    try {
      if (options.release === true) return await release(ctx, runtime.state, held, options.retryAfterMs ?? 0);
      if (options.deadLetter === true) return await deadLetter(ctx, runtime.state, held, held.attempt, options.reason ?? 'rejected');
      // The last allowed attempt failed: dead-letter now rather than on the next receive.
      if (held.attempt >= runtime.state.maxDeliveries) return await deadLetter(ctx, runtime.state, held, held.attempt, 'max_deliveries_exceeded');
      const delay = options.retryAfterMs ?? 0;
      // Awaited (the server answers once it processed the nak), so that a receive right after
      // finds the message there again; a key partition would otherwise still look busy.
      await ctx.nc.request(held.msg.reply ?? '', nakBody(delay), { timeout: 5000 });
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `nacking a delivery of ${describeInbox(ref)}` });
    }
  }

  async renew(ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
    const { runtime, held } = await this.#held(ref, lease, 'renewing');
    return runtime.leases.renew(held, leaseMs);
  }

  async listDeadLetters(ref: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    return this.#call(ref, 'listing dead letters of', (ctx, runtime) => listDeadLetters(ctx, runtime.state, options.limit));
  }

  async redrive(ref: InboxRef, options: { ids?: string[] }): Promise<number> {
    return this.#call(ref, 'redriving dead letters of', (ctx, runtime) => redrive(ctx, runtime.state, options.ids));
  }

  async depth(ref: InboxRef): Promise<InboxDepth> {
    return this.#call(ref, 'reading the depth of', async (ctx, runtime) => {
      if (ref.kind === 'queue') {
        // A work-queue stream holds exactly what is not settled yet; the key partitions'
        // consumers hold part of what is in flight.
        const { state } = await ctx.jsm.streams.info(runtime.state.stream);
        let inFlight = 0;
        let waiting = 0;
        for await (const consumer of ctx.jsm.consumers.list(runtime.state.stream)) {
          // Scheduled messages not yet due are neither ready nor in flight.
          if (consumer.name === laterConsumer) waiting += consumer.num_pending + consumer.num_ack_pending;
          else inFlight += consumer.num_ack_pending;
        }
        return { ready: Math.max(0, state.messages - inFlight - waiting), inFlight, deadLettered: await countDeadLetters(ctx, runtime.state) };
      }
      const info = await ctx.jsm.consumers.info(runtime.state.stream, runtime.state.consumer);
      // num_ack_pending includes nacked messages waiting out their delay: they count as in flight.
      return { ready: info.num_pending, inFlight: info.num_ack_pending, deadLettered: await countDeadLetters(ctx, runtime.state) };
    });
  }

  /** Gives back every lease still held, uncounted (at close: the context is passed in, as the driver no longer hands it out). */
  async releaseAll(ctx: NatsContext): Promise<void> {
    for (const pending of this.#runtimes.values()) {
      const runtime = await pending.catch(() => undefined);
      if (runtime === undefined) continue;
      await this.#giveBack(ctx, runtime, runtime.leases.all().map((held) => `${held.ack.streamSequence}.${held.ack.deliveryCount}`));
    }
  }

  async #giveBack(ctx: NatsContext, runtime: Runtime, leases: string[]): Promise<void> {
    for (const lease of leases) {
      const found = runtime.leases.lookup(lease);
      if (found.kind !== 'held') continue;
      runtime.leases.drop(found.held);
      // If the copy cannot be written, the delivery is left to its ack wait: counted, never lost.
      await release(ctx, runtime.state, found.held).catch(() => undefined);
    }
  }

  async #admit(ctx: NatsContext, runtime: Runtime, msg: Parameters<typeof release>[2]['msg'], leaseMs: number): Promise<Delivery | undefined> {
    const ack = parseAckSubject(msg.reply ?? '');
    if (ack === undefined) return undefined;
    const headers = readHeaders(msg.headers, true);
    const expiresAt = numberHeader(headers, bookkeeping.expiresAt);
    if (!addressedTo(runtime.state, msg.subject, headers) || (expiresAt !== undefined && expiresAt <= Date.now())) {
      msg.respond(ackBody);
      return undefined;
    }
    // Before the attempt is read: the deliveries of a copy held back count nothing.
    if (await holdReleased(ctx, runtime.state, msg, ack, headers)) return undefined;
    const attempt = (numberHeader(headers, bookkeeping.attempts) ?? 0) + ack.deliveryCount;
    const enqueuedAt = numberHeader(headers, bookkeeping.enqueuedAt) ?? ack.timestampMs;
    if (attempt > runtime.state.maxDeliveries) {
      // Its last lease ran out (a crashed or slow consumer): dead-lettered, not delivered again.
      await deadLetter(ctx, runtime.state, { msg, headers, enqueuedAt, ack }, attempt - 1, 'max_deliveries_exceeded');
      return undefined;
    }
    const now = Date.now();
    const held: Held = { msg, ack, attempt, headers, enqueuedAt, expiresAt: now + leaseMs, lastTouch: now };
    const lease = runtime.leases.add(held);
    const message = asOutbound(headers, msg.data, `${runtime.state.stream}-${ack.streamSequence}`);
    return {
      id: message.id,
      lease,
      attempt,
      headers: message.headers,
      data: msg.data,
      ...(message.orderingKey === undefined ? {} : { orderingKey: message.orderingKey }),
      enqueuedAt,
      leaseExpiresAt: held.expiresAt,
    };
  }

  async #held(ref: InboxRef, lease: string, action: string): Promise<{ runtime: Runtime; held: Held }> {
    const runtime = await this.#runtime(ref, action);
    const found = runtime.leases.lookup(lease);
    if (found.kind === 'malformed') throw new OutriggerError('invalid_lease', `${action} on ${describeInbox(ref)}: '${lease}' is not a lease of this driver`);
    if (found.kind === 'stale') throw leaseExpired(`${action} on ${describeInbox(ref)}`);
    return { runtime, held: found.held };
  }

  async #call<T>(ref: InboxRef, action: string, run: (ctx: NatsContext, runtime: Runtime) => Promise<T>): Promise<T> {
    const ctx = this.#ctx();
    try {
      return await run(ctx, await this.#runtime(ref, action));
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `${action} ${describeInbox(ref)}` });
    }
  }

  #runtime(ref: InboxRef, action: string): Promise<Runtime> {
    const key = keyOf(ref);
    let runtime = this.#runtimes.get(key);
    if (runtime === undefined) {
      const ctx = this.#ctx();
      runtime = readInbox(ctx, inboxKey(ref)).then(
        (state) => ({ state, leases: new Leases(state.ackWaitMs, (held) => expire(held)), keyConsumers: new Set<number>() }),
        (err: unknown) => {
          this.#runtimes.delete(key);
          throw toNatsError(err, { broker: ctx.broker, action: `${action} ${describeInbox(ref)}` });
        },
      );
      this.#runtimes.set(key, runtime);
    }
    return runtime;
  }
}

/** A lapsed lease: the message comes back at once, this delivery counted. */
function expire(held: Held): void {
  try {
    held.msg.respond(nakBody());
  } catch {
    // Connection gone: the server's ack wait redelivers it.
  }
}

function keyOf(ref: InboxRef): string {
  return ref.kind === 'queue' ? `queue\u0000${ref.queue}` : `sub\u0000${ref.topic}\u0000${ref.subscription}`;
}

/** Whether a subscription should see this event: a copy addressed to it, or an event its filter matches. */
function addressedTo(state: InboxState, subject: string, headers: Record<string, string>): boolean {
  if (state.key.subscription === undefined) return true;
  const copyPrefix = addressedPrefix(state.key.resource);
  if (subject.startsWith(copyPrefix)) return subject === copySubject(state.key);
  const { types, subjectPrefix } = state.filter ?? {};
  if (types !== undefined && types.length > 0 && !types.includes(headers['ce-type'] ?? '')) return false;
  if (subjectPrefix !== undefined && !(headers['ce-subject'] ?? '').startsWith(subjectPrefix)) return false;
  return true;
}
