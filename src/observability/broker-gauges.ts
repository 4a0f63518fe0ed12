/** Queue depth, stream lag and drivers' event counts, read from the brokers just before a scrape. */
import type { OutriggerConfig, SubscriptionConfig } from '../config/types.js';
import { isOutriggerError } from '../kernel/errors.js';
import type { InboxDepth } from '../kernel/messages.js';
import type { GroupLag } from '../kernel/streams.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * What the gauges read from the brokers, handed in by the composition root: metrics read core
 * through this, never core or the drivers themselves. A reading that cannot be taken throws or
 * rejects (an unknown broker, an operation the driver lacks, the broker's own error).
 */
export interface BrokerReadings {
  /** Every broker's running event counts (they only grow), by broker name. */
  eventCounts(): Iterable<readonly [broker: string, counts: Readonly<Record<string, number>>]>;
  queueDepth(queue: string): Promise<InboxDepth>;
  subscriptionDepth(subscription: SubscriptionConfig): Promise<InboxDepth>;
  streamLag(stream: string, group: string): Promise<GroupLag[]>;
}

/** A scrape never waits longer than this for a broker. */
const scrapeBudgetMs = 2_000;

const depthStates = ['ready', 'in_flight', 'dead_lettered'] as const;

/**
 * The refresh run before each scrape. A resource whose reading fails has its gauges taken out
 * (a stale figure would look current) and the failure is logged once until a reading succeeds
 * again, so that gauges missing for a reason (say, a Service Bus policy without Manage) say why
 * without a warning per scrape.
 */
export function brokerGaugeRefresher(config: OutriggerConfig, readings: BrokerReadings, metrics: Metrics, logger: Logger): () => Promise<void> {
  const failing = new Map<string, string>();
  /** The driver counts already added to outrigger_broker_events_total, by broker and event. */
  const counted = new Map<string, number>();
  const countEvents = (): void => {
    for (const [broker, counts] of readings.eventCounts()) {
      for (const [event, count] of Object.entries(counts)) {
        const key = `${broker}\u0000${event}`;
        const added = counted.get(key);
        // Every known event shows, at 0 until it happens; a count never goes back.
        if (added === undefined || count > added) metrics.brokerEvents.inc({ broker, event }, count - (added ?? 0));
        counted.set(key, Math.max(count, added ?? 0));
      }
    }
  };
  /** Partitions with a lag series per stream/group, so that a failed reading can take them all out. */
  const lagPartitions = new Map<string, Set<string>>();
  const read = async (resource: string, readAndSet: () => Promise<void>, clear: () => void): Promise<void> => {
    try {
      await readAndSet();
      if (failing.delete(resource)) logger.info({ resource }, 'broker gauges readable again');
    } catch (err) {
      clear();
      const code = isOutriggerError(err) ? err.code : 'internal';
      if (failing.get(resource) === code) return;
      failing.set(resource, code);
      logger.warn({ resource, err }, 'broker gauges (depth or lag) unavailable; left out of the metrics until a reading succeeds');
    }
  };
  const depthOf = (resource: string, depth: () => Promise<InboxDepth>): Promise<void> =>
    read(
      resource,
      async () => setDepth(metrics, resource, await depth()),
      () => {
        for (const state of depthStates) metrics.queueDepth.remove({ resource, state });
      },
    );
  return async () => {
    countEvents();
    const work: Promise<void>[] = [];
    for (const name of Object.keys(config.queues)) work.push(depthOf(name, () => readings.queueDepth(name)));
    for (const subscription of config.subscriptions) {
      const { from } = subscription;
      if (from.kind === 'topic') {
        work.push(depthOf(subscription.name, () => readings.subscriptionDepth(subscription)));
      } else if (from.kind === 'stream') {
        const labels = { stream: from.stream, group: from.group };
        const key = `${from.stream}/${from.group}`;
        work.push(
          read(
            key,
            async () => {
              const lags = readings.streamLag(from.stream, from.group);
              const partitions = lagPartitions.get(key) ?? new Set<string>();
              lagPartitions.set(key, partitions);
              for (const entry of await lags) {
                partitions.add(String(entry.partition));
                metrics.streamLag.set({ ...labels, partition: String(entry.partition) }, entry.lag);
              }
            },
            () => {
              for (const partition of lagPartitions.get(key) ?? []) metrics.streamLag.remove({ ...labels, partition });
              lagPartitions.delete(key);
            },
          ),
        );
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(work), new Promise((resolve) => (timer = setTimeout(resolve, scrapeBudgetMs)))]);
    clearTimeout(timer);
  };
}

function setDepth(metrics: Metrics, resource: string, depth: InboxDepth): void {
  metrics.queueDepth.set({ resource, state: 'ready' }, depth.ready);
  metrics.queueDepth.set({ resource, state: 'in_flight' }, depth.inFlight);
  metrics.queueDepth.set({ resource, state: 'dead_lettered' }, depth.deadLettered);
}
