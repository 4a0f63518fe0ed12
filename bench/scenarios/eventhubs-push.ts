/**
 * Event Hubs end-to-end push latency, side by side in one run, at the same open-loop rates:
 * - Outrigger: append over HTTP (POST /v1/stream/pushed, keyed) -> test broker -> the daemon's
 *   consumer group (blob checkpoints on Azurite) -> POST to the app in this process;
 * - direct: EventHubProducerClient.sendBatch (one event, keyed) -> test broker ->
 *   EventHubConsumerClient.subscribe with a BlobCheckpointStore on Azurite, checkpointing each
 *   batch as the daemon does, in this process.
 * Latency = arrival - the send's scheduled instant (same process, same monotonic clock), so it
 * includes the append, the broker and the delivery, and a stalled sender is charged for it.
 */
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition, type Subscription } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { startDaemon } from '../lib/daemon.js';
import { Histogram, type HistogramSummary } from '../lib/histogram.js';
import { openLoop } from '../lib/open-loop.js';
import { timestampedBody } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { spinUsFor } from './latency.js';
import { daemonNodeArgs, eventHubsConfig, keys, payloadBytes, sdkOpenLoop, type EventHubsContext } from './eventhubs-common.js';

/** A rate both paths sustain here (latency), and one near what Outrigger's appends sustain here (load). */
export const pushRates = [100, 400];
const connections = 16;
const sentPattern = /"sentNs":"(\d+)"/;
const runPattern = /"run":"([^"]*)"/;

interface PushFigures {
  path: 'outrigger' | 'sdk';
  rate: number;
  tag: string;
  accepted: number;
  delivered: number;
  allArrived: boolean;
  eventsPerSecond: number;
  push: HistogramSummary;
  append: HistogramSummary;
}

/** The direct subscriber: records arrival minus the scheduled send instant of events of the current run. */
class DirectSubscriber {
  latency = new Histogram();
  received = 0;
  #tag = '';
  #subscription: Subscription | undefined;
  readonly #client: EventHubConsumerClient;

  constructor(connectionString: string, container: ContainerClient) {
    this.#client = new EventHubConsumerClient('bench', connectionString, 'direct', new BlobCheckpointStore(container), {
      loadBalancingOptions: { strategy: 'greedy', updateIntervalInMs: 1_000 },
    });
  }

  start(): void {
    this.#subscription = this.#client.subscribe(
      {
        processEvents: async (events, context) => {
          const arrived = process.hrtime.bigint();
          for (const event of events) {
            const text = Buffer.isBuffer(event.body) ? event.body.toString('utf8') : JSON.stringify(event.body);
            const sent = sentPattern.exec(text)?.[1];
            if (sent === undefined || runPattern.exec(text)?.[1] !== this.#tag) continue;
            this.received++;
            this.latency.recordSince(BigInt(sent), arrived);
          }
          const last = events.at(-1);
          if (last !== undefined) await context.updateCheckpoint(last);
        },
        processError: async () => {},
      },
      { startPosition: earliestEventPosition, maxBatchSize: 100, maxWaitTimeInSeconds: 5 },
    );
  }

  beginRun(tag: string): void {
    this.#tag = tag;
    this.latency = new Histogram();
    this.received = 0;
  }

  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.received >= count;
  }

  async close(): Promise<void> {
    await this.#subscription?.close();
    await this.#client.close();
  }
}

async function outriggerRun(ctx: EventHubsContext, origin: string, rate: number, tag: string, durationMs: number): Promise<PushFigures> {
  ctx.app.beginRun(tag);
  const started = Date.now();
  const append = await openLoop({
    origin,
    rate,
    connections,
    durationMs,
    spinUs: spinUsFor(ctx),
    make: (i, scheduledNs) => ({
      path: '/v1/stream/pushed',
      headers: { 'content-type': 'application/json', 'outrigger-partition-key': `device-${i % keys}` },
      body: timestampedBody(payloadBytes, tag, i, scheduledNs),
    }),
  });
  const allArrived = await ctx.app.waitFor(append.ok, 20_000);
  const seconds = (Date.now() - started) / 1_000;
  return {
    path: 'outrigger',
    rate,
    tag,
    accepted: append.ok,
    delivered: ctx.app.received,
    allArrived,
    eventsPerSecond: Math.round(ctx.app.received / seconds),
    push: ctx.app.latency.summary(),
    append: append.latency,
  };
}

async function sdkRun(producer: EventHubProducerClient, subscriber: DirectSubscriber, rate: number, tag: string, durationMs: number): Promise<PushFigures> {
  subscriber.beginRun(tag);
  const started = Date.now();
  const append = await sdkOpenLoop(rate, durationMs, (i, scheduledNs) =>
    producer.sendBatch([{ body: Buffer.from(timestampedBody(payloadBytes, tag, i, scheduledNs)), contentType: 'application/json' }], { partitionKey: `device-${i % keys}` }),
  );
  const allArrived = await subscriber.waitFor(append.ok, 20_000);
  const seconds = (Date.now() - started) / 1_000;
  return {
    path: 'sdk',
    rate,
    tag,
    accepted: append.ok,
    delivered: subscriber.received,
    allArrived,
    eventsPerSecond: Math.round(subscriber.received / seconds),
    push: subscriber.latency.summary(),
    append: append.latency,
  };
}

export const eventHubsPushScenario = {
  name: 'eh-push',
  description: `open loop ${pushRates.join(' and ')} events/s (${payloadBytes} B, keyed) end to end: Outrigger append -> consumer group -> push to app, vs EventHubProducerClient -> EventHubConsumerClient.subscribe (both with blob checkpoints per batch)`,
  async run(ctx: EventHubsContext): Promise<ScenarioReport> {
    const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: eventHubsConfig(ctx), core: ctx.pinning.serverCore, nodeArgs: daemonNodeArgs() });
    const producer = new EventHubProducerClient(ctx.env.connectionString, 'direct');
    const container = new ContainerClient(ctx.env.azurite.connectionString, 'bench-direct-checkpoints');
    await container.createIfNotExists();
    const subscriber = new DirectSubscriber(ctx.env.connectionString, container);
    subscriber.start();
    const raw: PushFigures[][] = [];
    try {
      // Warm-ups also wait until both consumer groups own their partitions and deliver.
      await outriggerRun(ctx, daemon.origin, pushRates[0]!, 'eh-push-warmup', ctx.settings.warmupMs);
      await sdkRun(producer, subscriber, pushRates[0]!, 'eh-push-warmup', ctx.settings.warmupMs);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const figures: PushFigures[] = [];
        const outriggerFirst = run % 2 === 0;
        for (const rate of pushRates) {
          for (const path of outriggerFirst ? ['outrigger', 'sdk'] : ['sdk', 'outrigger']) {
            const tag = `eh-push-${path}-${rate}-${run}`;
            const f =
              path === 'outrigger'
                ? await outriggerRun(ctx, daemon.origin, rate, tag, ctx.settings.durationMs)
                : await sdkRun(producer, subscriber, rate, tag, ctx.settings.durationMs);
            figures.push(f);
            ctx.log(`eh-push run ${run + 1} ${path} at ${rate}/s: p50 ${f.push.p50Us} µs, p99 ${f.push.p99Us} µs, delivered ${f.delivered}/${f.accepted}, ${f.eventsPerSecond} events/s`);
          }
        }
        raw.push(figures);
      }
    } finally {
      await subscriber.close();
      await producer.close();
      await daemon.stop();
      await ctx.app.waitQuiet(500, 5_000);
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: PushFigures[][]): Metric[] {
  const metrics: Metric[] = [];
  for (const rate of pushRates) {
    for (const path of ['outrigger', 'sdk'] as const) {
      const pick = (run: PushFigures[]) => run.find((f) => f.path === path && f.rate === rate);
      const label = `${path === 'outrigger' ? 'Outrigger push' : 'SDK subscribe'} at ${rate}/s`;
      const ratio = (f: PushFigures | undefined) => (f === undefined || f.accepted === 0 ? null : (100 * f.delivered) / f.accepted);
      metrics.push({ label: `${label}: end-to-end p50`, unit: 'µs', values: raw.map((run) => pick(run)?.push.p50Us ?? null) });
      metrics.push({ label: `${label}: end-to-end p99`, unit: 'µs', values: raw.map((run) => pick(run)?.push.p99Us ?? null) });
      metrics.push({ label: `${label}: delivered events/s`, unit: 'events/s', values: raw.map((run) => pick(run)?.eventsPerSecond ?? null) });
      metrics.push({ label: `${label}: delivered / accepted`, unit: '%', values: raw.map((run) => ratio(pick(run))) });
      metrics.push({ label: `${label}: append p99 (same runs)`, unit: 'µs', values: raw.map((run) => pick(run)?.append.p99Us ?? null) });
    }
  }
  return metrics;
}
