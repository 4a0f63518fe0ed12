/**
 * Consume sessions: one client's subscription from its first message to its end, whatever
 * carries it. Deliveries go to the client as its credits allow and are settled by tag; a
 * settlement that fails is reported for its tag and the session goes on. A session ends when the
 * client leaves, when it breaks the protocol, or at shutdown, after the client could settle until
 * the deadline; every delivery still unsettled is given back when it ends.
 */
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import { openConsumer, type ConsumeDeps } from './open.js';
import type { ConsumeSource, Consumer, ConsumerDelivery, ConsumerInfo, ConsumerNack } from './types.js';

/** How a session reaches its client. */
export interface SessionClient {
  /** Hands a delivery over; called only while the client has credit. */
  deliver(delivery: ConsumerDelivery): void;
  /** Tells the client that settling `tag` failed. */
  settleFailed(tag: number, error: OutriggerError): void;
}

/** The open sessions, so that none starts while draining and shutdown can drain them all. */
export class ConsumeSessions {
  private readonly drains = new Set<(deadline: number) => Promise<void>>();
  private readonly releases = new Set<() => Promise<void>>();

  constructor(
    private readonly deps: ConsumeDeps,
    private readonly draining: AbortSignal,
  ) {}

  /** Throws `shutting_down` once draining has started. */
  refuseWhileDraining(): void {
    if (this.draining.aborted) throw new OutriggerError('shutting_down', 'Outrigger is shutting down; consume from another instance or retry after restart', { retryAfterSeconds: 1 });
  }

  async open(source: ConsumeSource, maxInFlight: number, client: SessionClient): Promise<ConsumeSession> {
    const consumer = await openConsumer(this.deps, source, { maxInFlight, send: (delivery) => client.deliver(delivery) });
    const release = (): Promise<void> => consumer.close();
    this.releases.add(release);
    return new ConsumeSession(consumer, client, this.deps, (drain) => {
      this.drains.add(drain);
      return () => {
        this.drains.delete(drain);
        this.releases.delete(release);
      };
    });
  }

  /** Stops every session sending, lets its client settle until `deadline`, then ends it. */
  async drainAll(deadline: number): Promise<void> {
    await Promise.allSettled([...this.drains].map((drain) => drain(deadline)));
  }

  /** Ends the wait for clients to settle (a second signal): what they hold is released now. */
  releaseNow(): void {
    for (const release of this.releases) void release();
  }
}

export class ConsumeSession {
  readonly info: ConsumerInfo;
  /** Why the session stopped, when its client must be told: a protocol error or shutdown. */
  private reason: OutriggerError | undefined;
  private readonly stopped = new AbortController();
  private readonly unregister: () => void;

  constructor(
    private readonly consumer: Consumer,
    private readonly client: SessionClient,
    private readonly deps: Pick<ConsumeDeps, 'metrics' | 'logger'>,
    register: (drain: (deadline: number) => Promise<void>) => () => void,
  ) {
    this.info = consumer.info;
    deps.metrics.consumeStreams.inc({ kind: this.info.kind });
    this.unregister = register(async (deadline) => {
      this.reason = new OutriggerError('shutting_down', 'Outrigger is shutting down; unsettled deliveries were given back', { retryAfterSeconds: 1 });
      await consumer.drain(deadline);
      this.stopped.abort();
    });
  }

  /** The error to end the client's stream with, if the session did not simply end. */
  get stopReason(): OutriggerError | undefined {
    return this.reason;
  }

  /** Settles when the session ends: end() was called or shutdown drained it. */
  get ended(): Promise<void> {
    if (this.stopped.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.stopped.signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  ack(tags: readonly number[]): void {
    for (const tag of tags) void this.settle(tag, () => this.consumer.ack(tag));
  }

  nack(tag: number, options: ConsumerNack): void {
    void this.settle(tag, () => this.consumer.nack(tag, options));
  }

  /** A settlement of `tag` that could not be read: reported to the client like a failed one. */
  refuse(tag: number, err: unknown): void {
    this.reportFailure(tag, err);
  }

  /** Ends the session; with a `reason`, the client is told it. */
  end(reason?: OutriggerError): void {
    if (reason !== undefined) this.reason = reason;
    this.stopped.abort();
  }

  /** Gives every unsettled delivery back and forgets the session. */
  async close(): Promise<void> {
    this.unregister();
    this.deps.metrics.consumeStreams.dec({ kind: this.info.kind });
    await this.consumer.close();
  }

  private async settle(tag: number, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.reportFailure(tag, err);
    }
  }

  private reportFailure(tag: number, err: unknown): void {
    const error = toOutriggerError(err);
    if (error.code === 'internal') this.deps.logger.error({ err, tag }, 'consume: settlement failed');
    this.client.settleFailed(tag, error);
  }
}
