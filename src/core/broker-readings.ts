/** The brokers as the metrics read them before a scrape: depth, lag and drivers' event counts. */
import type { Driver } from '../drivers/contract.js';
import type { BrokerReadings } from '../observability/broker-gauges.js';
import type { Resources } from './resources.js';

export function brokerReadings(resources: Resources, drivers: ReadonlyMap<string, Driver>): BrokerReadings {
  return {
    *eventCounts() {
      for (const [broker, driver] of drivers) yield [broker, driver.eventCounts?.() ?? {}] as const;
    },
    queueDepth(queue) {
      const { ops, ref } = resources.queueInbox(queue);
      return ops.depth(ref);
    },
    subscriptionDepth(subscription) {
      const { ops, ref } = resources.subscriptionInbox(subscription);
      return ops.depth(ref);
    },
    streamLag(stream, group) {
      const bound = resources.stream(stream);
      return bound.ops.lag(bound.entity, group);
    },
  };
}
