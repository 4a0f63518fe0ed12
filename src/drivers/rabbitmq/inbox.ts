/**
 * Leased consumption from queues and subscription queues (InboxOperations), over one
 * basic.consume per inbox (consumer.ts), with the leases kept by the driver (leases.ts):
 *   - receive takes up to `max` buffered deliveries, and waits up to waitMs for the first one;
 *   - the attempt is the quorum queue's x-delivery-count plus one, plus the attempts a copy
 *     carries (release writes a copy, see dead-letters.ts); on a classic queue, which counts
 *     nothing, a counted requeue writes a copy too;
 *   - maxDeliveries is counted by the driver: the nack of the last allowed attempt dead-letters,
 *     and a message arriving past it (its last lease ran out) is dead-lettered, not delivered;
 *   - expiry (ttl) and subscription filters are checked at receive: what does not qualify is
 *     acked unseen; a message back from a delay bucket before its time waits on (delays.ts);
 *   - a nack with retryAfterMs puts a copy in a delay bucket: counting the attempt, or not when
 *     it releases (the pump's release while the app is unreachable or its circuit open).
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter, Delivery, InboxDepth, InboxOperations, InboxRef, NackOptions, ReceiveOptions } from '../contract.js';
import { describeInbox } from '../inbox-names.js';
import type { Decoded } from './codec.js';
import { type ContextSource, defaultInbox, type InboxConfig, type RabbitmqContext } from './context.js';
import { deadLetter, delayCopy, listDeadLetters, redrive, requeue, requeueCopy, settle } from './dead-letters.js';
import { mustWait } from './delays.js';
import { declareReplyQueue } from './replies.js';
import { busyKeys, giveBackKeyed, keyFreed } from './keyed.js';
import { leaseExpired, toRabbitError } from './errors.js';
import type { Held } from './leases.js';
import { type Arrived, heldOf, InboxConsumer } from './consumer.js';
import { deadLetterQueue, inboxQueue } from './names.js';
import { readingQueues, readyCount, redeclareSubscription } from './topology.js';

/** How long a receive that has something waits for more of the same burst. */
const burstMs = 5;

export class RabbitmqInboxes implements InboxOperations {
  readonly #ctx: ContextSource;

  constructor(ctx: ContextSource) {
    this.#ctx = ctx;
  }

  async receive(ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    const ctx = this.#ctx();
    const queue = inboxQueue(ref);
    const config = configOf(ctx, queue);
    const consumer = consumerOf(ctx, queue);
    const leaseMs = options.leaseMs ?? config.leaseMs;
    const deadline = Date.now() + options.waitMs;
    const out: Delivery[] = [];
    consumer.begin();
    try {
      for (;;) {
        // A caller's reply queue expires while nobody reads it: declared again whenever its consumer starts.
        if (ref.kind === 'queue' && ref.session !== undefined && !consumer.running()) await declareReplyQueue(ctx, queue);
        await consumer.ensure(ctx.leases.countFor(queue) + options.max - out.length);
        const batch = consumer.buffer.take(options.max - out.length, busyKeys(ctx, queue));
        for (const [i, arrived] of batch.entries()) {
          try {
            const delivery = await this.#admit(ctx, config, arrived, leaseMs);
            if (delivery !== undefined) out.push(delivery);
          } catch (err) {
            // The rest of the batch goes back to the buffer, in order, rather than stay unacked unseen.
            for (const rest of batch.slice(i + 1).reverse()) {
              consumer.buffer.taken(rest);
              consumer.putBack(rest);
            }
            throw err;
          } finally {
            consumer.buffer.taken(arrived);
          }
        }
        if (options.signal?.aborted) {
          // The caller is gone: what arrived meanwhile goes back uncounted.
          await this.#giveBack(ctx, out.map((d) => d.lease), queue);
          return [];
        }
        if (out.length >= options.max || Date.now() >= deadline) return out;
        // Deliveries of one burst arrive one by one: linger a moment for the rest, not for waitMs.
        const until = out.length > 0 ? Math.min(deadline, Date.now() + burstMs) : deadline;
        if (!(await consumer.wait(until, options.signal)) && out.length > 0) return out;
      }
    } catch (err) {
      if (out.length > 0) return out;
      const failure = toRabbitError(err, { broker: ctx.broker, action: `receiving from ${describeInbox(ref)}` });
      // A subscription queue the broker lost (a crash, a delete) is declared again; the next receive consumes it.
      if (ref.kind === 'subscription' && failure.code === 'unknown_resource') {
        await redeclareSubscription(ctx, ref.topic, ref.subscription).catch((again: unknown) => {
          throw toRabbitError(again, { broker: ctx.broker, action: `declaring ${describeInbox(ref)} again after its queue was found missing` });
        });
      }
      throw failure;
    } finally {
      consumer.end();
    }
  }

  async ack(ref: InboxRef, lease: string): Promise<void> {
    const ctx = this.#ctx();
    const held = this.#held(ctx, ref, lease, 'acknowledging');
    ctx.leases.drop(held);
    settle(ctx, held, `acknowledging a delivery of ${describeInbox(ref)}`);
    keyFreed(ctx, held.queue);
  }

  async nack(ref: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    const ctx = this.#ctx();
    const held = this.#held(ctx, ref, lease, 'nacking');
    const config = configOf(ctx, held.queue);
    ctx.leases.drop(held);
    try {
      const retryAfterMs = options.retryAfterMs ?? 0;
      const notBefore = retryAfterMs > 0 ? Date.now() + retryAfterMs : undefined;
      // Released: a copy that carries the attempts before this one, so this one is not counted;
      // with retryAfterMs (the app unreachable, its circuit open) the copy waits in a delay bucket.
      if (options.release === true) {
        if (giveBackKeyed(ctx, held, held.attempt, notBefore)) return;
        if (notBefore === undefined) await requeueCopy(ctx, held, held.attempt - 1);
        else await delayCopy(ctx, held, held.attempt - 1, notBefore);
        return;
      }
      if (options.deadLetter === true) return await deadLetter(ctx, held, held.attempt, options.reason ?? 'rejected');
      // The last allowed attempt failed: dead-letter now rather than on the next receive.
      if (held.attempt >= config.maxDeliveries) return await deadLetter(ctx, held, held.attempt, 'max_deliveries_exceeded');
      if (notBefore !== undefined) {
        if (!giveBackKeyed(ctx, held, held.attempt + 1, notBefore)) await delayCopy(ctx, held, held.attempt, notBefore);
        return;
      }
      await counted(ctx, held);
    } catch (err) {
      // A copy failed: the original goes back natively rather than stay unacked with no lease.
      requeue(ctx, held);
      throw toRabbitError(err, { broker: ctx.broker, action: `nacking a delivery of ${describeInbox(ref)}` });
    } finally {
      keyFreed(ctx, held.queue);
    }
  }

  async renew(ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
    const ctx = this.#ctx();
    const held = this.#held(ctx, ref, lease, 'renewing');
    // A lease on a closed channel cannot be kept: the broker has requeued the message.
    if (ctx.generations.channelOf(held.generation) === undefined) {
      ctx.leases.drop(held);
      throw leaseExpired(`renewing on ${describeInbox(ref)}`);
    }
    return ctx.leases.renew(held, leaseMs);
  }

  async listDeadLetters(ref: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    return this.#call(ref, 'listing dead letters of', (ctx) => listDeadLetters(ctx, inboxQueue(ref), options.limit));
  }

  async redrive(ref: InboxRef, options: { ids?: string[] }): Promise<number> {
    return this.#call(ref, 'redriving dead letters of', (ctx) => redrive(ctx, inboxQueue(ref), options.ids));
  }

  /** ready and deadLettered from the broker; inFlight is what this driver instance holds, leased or prefetched (queue.declare counts neither). */
  async depth(ref: InboxRef): Promise<InboxDepth> {
    return this.#call(ref, 'reading the depth of', async (ctx) => {
      const queue = inboxQueue(ref);
      const reading = await readingQueues(ctx, queue);
      const [deadLettered = 0, ...ready] = await Promise.all([deadLetterQueue(queue), ...reading].map((name) => readyCount(ctx, name)));
      return { ready: ready.reduce((sum, n) => sum + n, 0), inFlight: ctx.leases.countFor(queue) + (ctx.consumers.get(queue)?.buffer.size ?? 0), deadLettered };
    });
  }

  /** Stops every consumer and gives back what it prefetched and every lease still held, uncounted (at close). */
  async releaseAll(): Promise<void> {
    const ctx = this.#ctx();
    await Promise.all([...ctx.consumers.values()].map((consumer) => consumer.release(true)));
    for (const held of ctx.leases.all()) {
      ctx.leases.drop(held);
      // A keyed one is left to the channel's close, which returns it in its place (counted on a
      // quorum queue); a copy would go behind later messages of its key.
      if (held.decoded.message.orderingKey !== undefined) continue;
      // If the copy cannot be written, closing the channel requeues it: counted, never lost.
      await requeueCopy(ctx, held, held.attempt - 1).catch(() => undefined);
    }
  }

  async #giveBack(ctx: RabbitmqContext, leases: string[], queue: string): Promise<void> {
    for (const lease of leases) {
      const found = ctx.leases.lookup(queue, lease);
      if (found.kind !== 'held') continue;
      ctx.leases.drop(found.held);
      if (giveBackKeyed(ctx, found.held, found.held.attempt)) continue;
      await requeueCopy(ctx, found.held, found.held.attempt - 1).catch(() => requeue(ctx, found.held));
    }
  }

  async #admit(ctx: RabbitmqContext, config: InboxConfig, arrived: Arrived, leaseMs: number): Promise<Delivery | undefined> {
    const { decoded } = arrived;
    const now = Date.now();
    const held = heldOf(arrived, leaseMs);
    const { attempt } = held;
    const expired = decoded.message.expiresAt !== undefined && decoded.message.expiresAt <= now;
    if (expired || !matches(config, decoded)) {
      settle(ctx, held, 'skipping a delivery');
      return undefined;
    }
    if (mustWait(decoded.message.notBefore, now)) {
      // Back from a delay bucket before its time: on to the next bucket, this delivery uncounted.
      await orRequeue(ctx, held, delayCopy(ctx, held, attempt - 1, decoded.message.notBefore));
      return undefined;
    }
    if (attempt > config.maxDeliveries) {
      // Its last lease ran out (a crashed or slow consumer): dead-lettered, not delivered again.
      await orRequeue(ctx, held, deadLetter(ctx, held, attempt - 1, 'max_deliveries_exceeded'));
      return undefined;
    }
    const { message } = decoded;
    return {
      id: message.id,
      lease: ctx.leases.add(held),
      attempt,
      headers: message.headers,
      data: message.data,
      ...(message.orderingKey === undefined ? {} : { orderingKey: message.orderingKey }),
      enqueuedAt: decoded.enqueuedAt,
      leaseExpiresAt: held.expiresAt,
    };
  }

  #held(ctx: RabbitmqContext, ref: InboxRef, lease: string, action: string): Held {
    const found = ctx.leases.lookup(inboxQueue(ref), lease);
    if (found.kind === 'malformed') throw new OutriggerError('invalid_lease', `${action} on ${describeInbox(ref)}: '${lease}' is not a lease of this driver`);
    if (found.kind === 'stale') throw leaseExpired(`${action} on ${describeInbox(ref)}`);
    return found.held;
  }

  async #call<T>(ref: InboxRef, action: string, run: (ctx: RabbitmqContext) => Promise<T>): Promise<T> {
    const ctx = this.#ctx();
    try {
      return await run(ctx);
    } catch (err) {
      throw toRabbitError(err, { broker: ctx.broker, action: `${action} ${describeInbox(ref)}` });
    }
  }
}

/** A requeue that counts the attempt: kept here for a keyed one (keyed.ts), else natively on a quorum queue, by a copy on a classic queue. */
export async function counted(ctx: RabbitmqContext, held: Held): Promise<void> {
  if (giveBackKeyed(ctx, held, held.attempt + 1)) return;
  if (held.decoded.deliveryCount !== undefined) {
    requeue(ctx, held);
    return;
  }
  // If the copy cannot be written, the original goes back natively (uncounted on a classic queue).
  await requeueCopy(ctx, held, held.attempt).catch((err: unknown) => {
    requeue(ctx, held);
    throw err;
  });
}

/** A copy that failed leaves its original unseen and unleased: it goes back natively rather than stay unacked on a live channel. */
async function orRequeue(ctx: RabbitmqContext, held: Held, copy: Promise<void>): Promise<void> {
  await copy.catch((err: unknown) => {
    requeue(ctx, held);
    throw err;
  });
}

function consumerOf(ctx: RabbitmqContext, queue: string): InboxConsumer {
  let consumer = ctx.consumers.get(queue);
  if (consumer === undefined) {
    consumer = new InboxConsumer(ctx, queue);
    ctx.consumers.set(queue, consumer);
  }
  return consumer;
}

function configOf(ctx: RabbitmqContext, queue: string): InboxConfig {
  return ctx.inboxes.get(queue) ?? defaultInbox;
}

/** Whether a subscription's filter lets this event through (queues have none). */
function matches(config: InboxConfig, decoded: Decoded): boolean {
  const { types, subjectPrefix } = config.filter ?? {};
  const headers = decoded.message.headers;
  if (types !== undefined && types.length > 0 && !types.includes(headers['ce-type'] ?? '')) return false;
  if (subjectPrefix !== undefined && !(headers['ce-subject'] ?? '').startsWith(subjectPrefix)) return false;
  return true;
}
