/**
 * Consume a stream as a member of a consumer group.
 *
 * The group hands each owned partition to processEvents one batch at a time, in offset order.
 * A batch's events go out as credits allow (a redelivery before any event not yet sent), the
 * client settles them in any order, and the checkpoint follows the contiguous settled prefix
 * (checkpoints.ts). processEvents returns only once the whole batch is settled; when the
 * consumer stops first it throws, so the group never moves past an unsettled event and the next
 * owner resumes from the checkpoint. A nack redelivers the event (after `retryAfterMs`) until
 * maxDeliveries, then dead-letters it to a queue; only once that queue has it does the
 * checkpoint pass it.
 */
import type { PartitionContext, QueueOperations, StreamConsumer, StreamEvent, StreamOperations, StreamStart } from '../../drivers/contract.js';
import type { QueueConfig, StreamConfig } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import type { DeliveryOutcome, Metrics } from '../../observability/metrics.js';
import type { HandedBack } from '../delivery/handed-back.js';
import { logReleased, streamDeadLetterMessage } from '../delivery/support.js';
import type { Bound } from '../resources.js';
import { BatchCheckpoint } from './checkpoints.js';
import { Credits } from './credits.js';
import { Held } from './held.js';
import type { Consumer, ConsumerInfo, ConsumerNack, ConsumerOptions } from './types.js';

interface Pending {
  event: StreamEvent;
  attempt: number;
  readyAt: number;
}

/** One batch of one partition while it is being delivered. */
interface Batch {
  checkpoint: BatchCheckpoint;
  pending: Pending[];
  /** Wakes the batch's send loop (a redelivery was queued, or something settled). */
  wake: () => void;
  context: PartitionContext;
}

interface Entry {
  item: Pending;
  batch: Batch;
  /** When the client was handed it. */
  since: number;
}

export interface StreamSourceSettings {
  stream: Bound<StreamOperations, StreamConfig>;
  group: string;
  start: StreamStart;
  deadLetterQueue: () => Promise<Bound<QueueOperations, QueueConfig>>;
}

export class StreamGroupConsumer implements Consumer {
  private readonly credits: Credits;
  private readonly held = new Held<Entry>();
  private readonly stopSending = new AbortController();
  private readonly stopped = new AbortController();
  private consumer: StreamConsumer | undefined;
  private closing: Promise<void> | undefined;
  /** Where the handed-back record keeps this group's events (shared with push on the same group). */
  private readonly place: string;

  constructor(
    readonly info: ConsumerInfo,
    private readonly source: StreamSourceSettings,
    private readonly options: ConsumerOptions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly handedBack: HandedBack,
  ) {
    this.credits = new Credits(options.maxInFlight);
    this.place = `stream:${source.stream.name}:${source.group}`;
  }


  get outstanding(): number {
    return this.held.size;
  }

  async start(): Promise<void> {
    const { stream, group, start } = this.source;
    this.consumer = await stream.ops.consume(
      stream.entity,
      group,
      { start, maxBatch: Math.min(this.options.maxInFlight, 500) },
      { processEvents: (events, context) => this.process(events, context) },
    );
  }

  async ack(tag: number): Promise<void> {
    const { item, batch } = this.held.take(tag);
    this.credits.release();
    this.count('ack');
    batch.checkpoint.settle(item.event.offset);
    batch.wake();
  }

  async nack(tag: number, options: ConsumerNack): Promise<void> {
    const { item, batch } = this.held.take(tag);
    const exhausted = item.attempt >= this.info.maxDeliveries;
    try {
      if (options.deadLetter === true || exhausted) {
        const reason = exhausted && !options.deadLetter ? `max deliveries (${this.info.maxDeliveries}) reached; last: ${options.reason ?? 'nack'}` : (options.reason ?? 'rejected_by_consumer');
        try {
          await this.deadLetter(item.event, reason);
        } catch (err) {
          // Not dead-lettered, so not settled: it goes out again rather than being skipped.
          this.redeliver(batch, item, 1_000);
          throw err;
        }
        this.count('dead_letter');
        batch.checkpoint.settle(item.event.offset);
      } else {
        this.count('retry');
        this.redeliver(batch, item, options.retryAfterMs ?? 0);
      }
    } finally {
      this.credits.release();
      batch.wake();
    }
  }

  async drain(deadline: number): Promise<void> {
    this.stopSending.abort();
    await this.held.untilEmpty(deadline);
    await this.close();
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    this.stopSending.abort();
    this.stopped.abort();
    // Unsettled events were never checkpointed: the group delivers them again from there.
    const dropped = this.held.takeAll();
    for (const { item } of dropped) this.handedBack.mark(this.place, item.event.id);
    logReleased(
      this.logger,
      this.info.label,
      dropped.map(({ item, since }) => ({ id: item.event.id, attempt: item.attempt, since, position: { partition: item.event.partition, offset: item.event.offset } })),
    );
    for (const _ of dropped) {
      this.credits.release();
      this.count('released');
    }
    await this.consumer?.close();
  }

  private redeliver(batch: Batch, item: Pending, afterMs: number): void {
    if (batch.context.signal.aborted || this.stopped.signal.aborted) return;
    const again: Pending = { event: item.event, attempt: item.attempt + 1, readyAt: Date.now() + afterMs };
    const index = batch.pending.findIndex((p) => p.event.offset > item.event.offset);
    batch.pending.splice(index === -1 ? batch.pending.length : index, 0, again);
  }

  private async process(events: StreamEvent[], context: PartitionContext): Promise<void> {
    const stop = AbortSignal.any([context.signal, this.stopped.signal]);
    const noMoreSending = AbortSignal.any([stop, this.stopSending.signal]);
    let wakeUp: (() => void) | undefined;
    const batch: Batch = {
      checkpoint: new BatchCheckpoint(
        events.map((e) => e.offset),
        context,
        this.logger,
      ),
      pending: events.map((event) => ({ event, attempt: 1, readyAt: 0 })),
      wake: () => wakeUp?.(),
      context,
    };
    /** Waits for a settlement or redelivery in this batch, `ms`, or stop, whichever is first. */
    const changed = (ms: number): Promise<void> =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          stop.removeEventListener('abort', done);
          wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakeUp = done;
        stop.addEventListener('abort', done, { once: true });
      });
    while (!batch.checkpoint.complete && !stop.aborted) {
      const next = batch.pending[0];
      if (next === undefined || noMoreSending.aborted) {
        await changed(60_000);
        continue;
      }
      const waitMs = next.readyAt - Date.now();
      if (waitMs > 0) {
        await changed(waitMs);
        continue;
      }
      if (!(await this.credits.acquire(noMoreSending))) continue;
      // The head may have changed while waiting for credit (an earlier offset came back).
      const item = batch.pending[0]!.readyAt <= Date.now() ? batch.pending.shift()! : undefined;
      if (item === undefined) {
        this.credits.release();
        continue;
      }
      this.send(item, batch);
    }
    await batch.checkpoint.flushed();
    if (!batch.checkpoint.complete) throw new Error('consumer stopped before the batch was settled');
  }

  private send(item: Pending, batch: Batch): void {
    const { event, attempt } = item;
    const tag = this.held.add({ item, batch, since: Date.now() });
    this.count('delivered');
    this.options.send({
      tag,
      id: event.id,
      attempt,
      redelivered: this.handedBack.take(this.place, event.id) || attempt > 1,
      headers: event.headers,
      data: event.data,
      enqueuedAt: event.timestamp,
      stream: { partition: event.partition, offset: event.offset, ...(event.partitionKey !== undefined ? { partitionKey: event.partitionKey } : {}) },
    });
  }

  /** Only once the dead-letter queue has the event durably may the checkpoint pass it. */
  private async deadLetter(event: StreamEvent, reason: string): Promise<void> {
    const queue = await this.source.deadLetterQueue();
    await queue.ops.send(queue.entity, [streamDeadLetterMessage(event, this.source.stream.name, reason)]);
    this.logger.warn({ consumer: this.info.label, id: event.id, partition: event.partition, offset: event.offset, reason }, 'consume: dead-lettered stream event');
  }

  private count(outcome: DeliveryOutcome | 'delivered'): void {
    this.metrics.consumeDeliveries.inc({ source: this.info.label, outcome });
  }
}
