/** Queue depth, stream lag and drivers' event counts, read from the brokers just before a scrape. */
import type { OutriggerConfig } from '../config/types.js';
import { isOutriggerError } from '../kernel/errors.js';
import type { Resources } from '../core/resources.js';
import type { Driver } from '../drivers/contract.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** A scrape never waits longer than this for a broker. */
const scrapeBudgetMs = 2_000;

const depthStates = ['ready', 'in_flight', 'dead_lettered'] as const;

/**
 * The refresh run before each scrape. A resource whose reading fails has its gauges taken out
 * (a stale figure would look current) and the failure is logged once until a reading succeeds
 * again, so that gauges missing for a reason (say, a Service Bus policy without Manage) say why
 * without a warning per scrape.
 */
export function brokerGaugeRefresher(config: OutriggerConfig, resources: Resources, drivers: ReadonlyMap<string, Driver>, metrics: Metrics, logger: Logger): () => Promise<void> {
  const failing = new Map<string, string>();
  /** The driver counts already added to outrigger_broker_events_total, by broker and event. */
  const counted = new Map<string, number>();
  const countEvents = (): void => {
    for (const [broker, driver] of drivers) {
      for (const [event, count] of Object.entries(driver.eventCounts?.() ?? {})) {
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
  const depthOf = (resource: string, inbox: () => ReturnType<Resources['queueInbox']>): Promise<void> =>
    read(
      resource,
      async () => {
        const { ops, ref } = inbox();
        setDepth(metrics, resource, await ops.depth(ref));
      },
      () => {
        for (const state of depthStates) metrics.queueDepth.remove({ resource, state });
      },
    );
  return async () => {
    countEvents();
    const work: Promise<void>[] = [];
    for (const name of Object.keys(config.queues)) work.push(depthOf(name, () => resources.queueInbox(name)));
    for (const subscription of config.subscriptions) {
      const { from } = subscription;
      if (from.kind === 'topic') {
        work.push(depthOf(subscription.name, () => resources.subscriptionInbox(subscription)));
      } else if (from.kind === 'stream') {
        const labels = { stream: from.stream, group: from.group };
        const key = `${from.stream}/${from.group}`;
        work.push(
          read(
            key,
            async () => {
              const stream = resources.stream(from.stream);
              const partitions = lagPartitions.get(key) ?? new Set<string>();
              lagPartitions.set(key, partitions);
              for (const entry of await stream.ops.lag(stream.entity, from.group)) {
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

function setDepth(metrics: Metrics, resource: string, depth: { ready: number; inFlight: number; deadLettered: number }): void {
  metrics.queueDepth.set({ resource, state: 'ready' }, depth.ready);
  metrics.queueDepth.set({ resource, state: 'in_flight' }, depth.inFlight);
  metrics.queueDepth.set({ resource, state: 'dead_lettered' }, depth.deadLettered);
}
