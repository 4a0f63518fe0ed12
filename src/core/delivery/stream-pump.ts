/**
 * Push delivery from a stream through a consumer group.
 *
 * Invariants: events of one partition reach the app one at a time, in offset order; the
 * checkpoint only ever covers events that were delivered (2xx) or safely dead-lettered, so a
 * restart never skips a failed or in-flight event; stopping releases (does not checkpoint) the
 * event in flight.
 */
import type { PushSubscriptionConfig } from '../../config/types.js';
import type { PartitionContext, StreamConsumer, StreamEvent } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Bound } from '../resources.js';
import type { QueueOperations, StreamOperations } from '../../drivers/contract.js';
import type { QueueConfig, StreamConfig } from '../../config/types.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { AppClient } from './app-client.js';
import type { CircuitBreaker, Permit } from '../resilience/breaker.js';
import { appUnreachableBackoff, loopDelay, retryDelay } from './backoff.js';
import { appFailed, PushExchange } from './exchange.js';
import { withinAttempts } from './outcome.js';
import { PushMetrics } from './push-metrics.js';
import type { HandedBack } from './handed-back.js';
import { logReleased, streamDeadLetterMessage } from './support.js';

export class StreamPump {
  private readonly abortDeliveries = new AbortController();
  private consumer: StreamConsumer | undefined;
  private readonly running = new Set<Promise<void>>();
  private readonly exchange: PushExchange;
  private readonly counts: PushMetrics;
  /** Events taken back from the app unfinished (shutdown). */
  private released = 0;
  /** Where the handed-back record keeps this group's events. */
  private readonly place: string;
  /** stop() was called: the consumer's close aborts partition contexts, but pushes in flight may finish. */
  private stopping = false;

  constructor(
    private readonly subscription: PushSubscriptionConfig & { from: { kind: 'stream' } },
    private readonly stream: Bound<StreamOperations, StreamConfig>,
    /** Where events go that the app refused or kept failing: an ordinary queue, drained by pull. */
    private readonly deadLetterQueue: () => Promise<Bound<QueueOperations, QueueConfig>>,
    app: AppClient,
    /** The app's circuit breaker: while it is open, events wait instead of being attempted. */
    private readonly breaker: CircuitBreaker,
    metrics: Metrics,
    private readonly logger: Logger,
    private readonly handedBack: HandedBack,
  ) {
    this.place = `stream:${subscription.from.stream}:${subscription.from.group}`;
    this.exchange = new PushExchange(subscription, app);
    this.counts = new PushMetrics(metrics, subscription.name);
  }

  async start(): Promise<void> {
    const { from } = this.subscription;
    this.consumer = await this.stream.ops.consume(
      this.stream.entity,
      from.group,
      { start: from.start, maxBatch: 100 },
      { processEvents: (events, context) => this.track(this.process(events, context)) },
    );
  }

  get inFlightCount(): number {
    return this.running.size;
  }

  /** Stops consuming, lets events in flight finish until `deadline`, then releases them; answers how many. */
  async stop(deadline: number): Promise<number> {
    this.stopping = true;
    const timer = setTimeout(() => this.releaseNow(), Math.max(0, deadline - Date.now()));
    await this.consumer?.close();
    await Promise.allSettled([...this.running]);
    clearTimeout(timer);
    return this.released;
  }

  /** Takes every event back from the app now: the grace period is over. */
  releaseNow(): void {
    if (this.abortDeliveries.signal.aborted) return;
    this.abortDeliveries.abort();
  }

  private track(work: Promise<void>): Promise<void> {
    this.running.add(work);
    return work.finally(() => this.running.delete(work));
  }

  private async process(events: StreamEvent[], context: PartitionContext): Promise<void> {
    // Waits (backoff, an open breaker) end when the partition goes or the pump stops.
    const signal = AbortSignal.any([context.signal, this.abortDeliveries.signal]);
    // A push in flight ends at once when another member takes the partition (it delivers from the
    // checkpoint); when this pump stops, the app gets the grace period to finish, as with queues.
    const lost = new AbortController();
    const onAbort = (): void => {
      if (!this.stopping) lost.abort();
    };
    if (context.signal.aborted) onAbort();
    else context.signal.addEventListener('abort', onAbort, { once: true });
    const pushSignal = AbortSignal.any([lost.signal, this.abortDeliveries.signal]);
    let done: number | undefined;
    try {
      for (const event of events) {
        if (signal.aborted || !(await this.deliverWithRetries(event, signal, pushSignal))) break;
        done = event.offset;
      }
    } finally {
      context.signal.removeEventListener('abort', onAbort);
      // While stopping the partition is still ours until this call returns (the contract's close).
      if (done !== undefined && (!context.signal.aborted || this.stopping)) await context.checkpoint(done);
    }
  }

  /** True when the event is finished with (delivered or dead-lettered); false when stopped. */
  private async deliverWithRetries(event: StreamEvent, signal: AbortSignal, pushSignal: AbortSignal): Promise<boolean> {
    const { name, maxDeliveries, retry } = this.subscription;
    let unreachable = 0;
    for (let attempt = 1; ; attempt++) {
      let permit: Permit;
      try {
        permit = this.breaker.enter();
      } catch {
        attempt--;
        await sleepUnlessAborted(Math.max(50, this.breaker.retryAfterMs()), signal);
        if (signal.aborted) return false;
        continue;
      }
      this.counts.delivering();
      const started = process.hrtime.bigint();
      const position = { partition: event.partition, offset: event.offset };
      const since = Date.now();
      const redelivered = this.handedBack.take(this.place, event.id) || attempt > 1;
      const { answer, verdict: judged } = await this.exchange
        .push(event.headers, { attempt, subscription: name, redelivered, position }, event.data, pushSignal)
        .finally(() => this.counts.delivered());
      if (answer.kind === 'aborted' && this.stopping) {
        this.released++;
        this.handedBack.mark(this.place, event.id);
        logReleased(this.logger, name, [{ id: event.id, attempt, since, position }]);
      }
      permit.done(appFailed(answer));
      if (answer.kind === 'unreachable') {
        // An app that is down says nothing about the event: wait for it, without spending attempts.
        unreachable++;
        attempt--;
        this.logger.warn({ subscription: name, detail: answer.detail }, 'app unreachable; pausing deliveries');
        await sleepUnlessAborted(loopDelay(unreachable, appUnreachableBackoff), signal);
        if (signal.aborted) return false;
        continue;
      }
      unreachable = 0;
      const verdict = withinAttempts(judged, attempt, maxDeliveries);
      if (verdict.action === 'release') {
        this.counts.settled('released');
        return false;
      }
      this.counts.answered(started);
      if (verdict.action === 'ack') {
        this.counts.settled('ack');
        return true;
      }
      if (verdict.action === 'retry') {
        this.counts.judged(verdict, answer);
        this.counts.settled('retry');
        await sleepUnlessAborted(retryDelay(attempt, retry, verdict.retryAfterMs), signal);
        if (signal.aborted) return false;
        continue;
      }
      // Counted only once the queue has it: a failed dead-letter leaves the event to come again.
      await this.deadLetter(event, verdict.reason);
      this.counts.judged(verdict, answer);
      this.counts.settled('dead_letter');
      return true;
    }
  }

  /** Only once the dead-letter queue has the event durably may the checkpoint pass it. */
  private async deadLetter(event: StreamEvent, reason: string): Promise<void> {
    const queue = await this.deadLetterQueue();
    await queue.ops.send(queue.entity, [streamDeadLetterMessage(event, this.subscription.from.stream, reason)]);
    this.logger.warn({ subscription: this.subscription.name, id: event.id, partition: event.partition, offset: event.offset, reason }, 'dead-lettered stream event');
  }
}
