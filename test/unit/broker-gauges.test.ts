import { describe, expect, it } from 'vitest';
import type { OutriggerConfig } from '../../src/config/types.js';
import { OutriggerError } from '../../src/kernel/errors.js';
import type { InboxDepth } from '../../src/kernel/messages.js';
import type { GroupLag } from '../../src/kernel/streams.js';
import { brokerGaugeRefresher, type BrokerReadings } from '../../src/observability/broker-gauges.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';

/** Only what the gauges look at: the queues and the subscriptions. */
const config = {
  queues: { work: {} },
  subscriptions: [
    { name: 'audit', from: { kind: 'topic', topic: 'orders' } },
    { name: 'telemetry-sub', from: { kind: 'stream', stream: 'telemetry', group: 'g' } },
  ],
} as unknown as OutriggerConfig;

function readings(state: { depth: InboxDepth | Error; lag: GroupLag[] | Error; counts: Record<string, number> }): BrokerReadings {
  const answer = <T>(value: T | Error): Promise<T> => (value instanceof Error ? Promise.reject(value) : Promise.resolve(value));
  return {
    eventCounts: () => [['bus', state.counts]],
    queueDepth: () => answer(state.depth),
    subscriptionDepth: () => answer(state.depth),
    streamLag: () => answer(state.lag),
  };
}

const text = async (metrics: Metrics): Promise<string> => metrics.registry.metrics();

describe('broker gauges - read through BrokerReadings', () => {
  it('sets depth, lag and event counts, and takes a failing reading out until it succeeds again', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const state = { depth: { ready: 2, inFlight: 1, deadLettered: 0 } as InboxDepth | Error, lag: [{ partition: 0, lag: 5, checkpoint: 3 }] as GroupLag[] | Error, counts: { server_busy: 1 } };
    const refresh = brokerGaugeRefresher(config, readings(state), metrics, createLogger('silent'));

    await refresh();
    let scraped = await text(metrics);
    expect(scraped).toContain('outrigger_queue_depth{resource="work",state="ready"} 2');
    expect(scraped).toContain('outrigger_queue_depth{resource="audit",state="in_flight"} 1');
    expect(scraped).toContain('outrigger_stream_consumer_lag{stream="telemetry",group="g",partition="0"} 5');
    expect(scraped).toContain('outrigger_broker_events_total{broker="bus",event="server_busy"} 1');

    state.depth = new OutriggerError('broker_unavailable', 'down');
    state.lag = new OutriggerError('broker_unavailable', 'down');
    state.counts = { server_busy: 3 };
    await refresh();
    scraped = await text(metrics);
    expect(scraped).not.toContain('outrigger_queue_depth{');
    expect(scraped).not.toContain('outrigger_stream_consumer_lag{');
    expect(scraped).toContain('outrigger_broker_events_total{broker="bus",event="server_busy"} 3');

    state.depth = { ready: 0, inFlight: 0, deadLettered: 4 };
    await refresh();
    expect(await text(metrics)).toContain('outrigger_queue_depth{resource="work",state="dead_lettered"} 4');
  });
});
