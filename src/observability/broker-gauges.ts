/** Queue depth and stream lag, read from the brokers that can tell, just before a scrape. */
import type { OutriggerConfig } from '../config/types.js';
import type { Resources } from '../core/resources.js';
import type { Metrics } from './metrics.js';

/** A scrape never waits longer than this for a broker. */
const scrapeBudgetMs = 2_000;

export async function refreshBrokerGauges(config: OutriggerConfig, resources: Resources, metrics: Metrics): Promise<void> {
  const work: Promise<void>[] = [];
  for (const name of Object.keys(config.queues)) {
    work.push(
      (async () => {
        const inbox = resources.queueInbox(name);
        const depth = await inbox.ops.depth(inbox.ref);
        setDepth(metrics, name, depth);
      })(),
    );
  }
  for (const subscription of config.subscriptions) {
    const { from } = subscription;
    if (from.kind === 'topic') {
      work.push(
        (async () => {
          const inbox = resources.subscriptionInbox(subscription);
          setDepth(metrics, subscription.name, await inbox.ops.depth(inbox.ref));
        })(),
      );
    } else if (from.kind === 'stream') {
      work.push(
        (async () => {
          const stream = resources.stream(from.stream);
          for (const entry of await stream.ops.lag(stream.entity, from.group)) {
            metrics.streamLag.set({ stream: from.stream, group: from.group, partition: String(entry.partition) }, entry.lag);
          }
        })(),
      );
    }
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(work), new Promise((resolve) => (timer = setTimeout(resolve, scrapeBudgetMs)))]);
  clearTimeout(timer);
}

function setDepth(metrics: Metrics, resource: string, depth: { ready: number; inFlight: number; deadLettered: number }): void {
  metrics.queueDepth.set({ resource, state: 'ready' }, depth.ready);
  metrics.queueDepth.set({ resource, state: 'in_flight' }, depth.inFlight);
  metrics.queueDepth.set({ resource, state: 'dead_lettered' }, depth.deadLettered);
}
