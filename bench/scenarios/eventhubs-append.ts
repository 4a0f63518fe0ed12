/**
 * Event Hubs append throughput, side by side in one run: N concurrent callers append 1 KiB
 * events through Outrigger's HTTP API (POST /v1/stream/appends, one event per request), and the
 * same callers send through EventHubProducerClient directly, one event per send and batched 100
 * to a send as a well-written direct user would. Each with and without partition keys (a keyed
 * batch shares one key, which is how the SDK takes them). Same test broker; hubs alike, one each.
 * Beside each rate, the CPU each process used per event (daemon, bench, test broker): the broker's
 * share says when the test broker itself is the limit.
 */
import { EventHubProducerClient, type EventData } from '@azure/event-hubs';
import { closedLoop } from '../lib/closed-loop.js';
import { startDaemon } from '../lib/daemon.js';
import type { LoadResult } from '../lib/load-types.js';
import { cpuMeter } from '../lib/message-rate.js';
import { jsonOfSize } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { daemonNodeArgs, eventHubsConfig, keys, partitions, payloadBytes, sdkClosedLoop, type EventHubsContext, type SdkLoadResult } from './eventhubs-common.js';

export const callers = 16;
export const batchSize = 100;

type Variant = 'outrigger' | 'sdk-single' | 'sdk-batch100';
const variants: Variant[] = ['outrigger', 'sdk-single', 'sdk-batch100'];

interface AppendFigures {
  variant: Variant;
  keyed: boolean;
  eventsPerSecond: number;
  /** Per request (Outrigger) or per send call (SDK). */
  p50Us: number;
  p99Us: number;
  errors: number;
  /** CPU microseconds per event, per process (daemon only for Outrigger). */
  cpuUsPerEvent: Record<string, number>;
  detail: LoadResult | SdkLoadResult;
}

const body = jsonOfSize(payloadBytes, { bench: 'eventhubs-append' });
const bodyBytes = Buffer.from(body);
const headers: Record<string, string> = { 'content-type': 'application/json' };

interface Processes {
  daemon: number;
  broker: number;
}

async function measure(origin: string, producer: EventHubProducerClient, variant: Variant, keyed: boolean, durationMs: number, pids: Processes): Promise<AppendFigures> {
  const meter = cpuMeter(variant === 'outrigger' ? { daemon: pids.daemon, bench: process.pid, broker: pids.broker } : { bench: process.pid, broker: pids.broker });
  meter.start();
  if (variant === 'outrigger') {
    const result = await closedLoop({
      origin,
      workers: callers,
      durationMs,
      make: (i) => ({
        path: '/v1/stream/appends',
        headers: keyed ? { ...headers, 'outrigger-partition-key': `device-${i % keys}` } : headers,
        body,
      }),
    });
    const cpuUsPerEvent = meter.stop(result.ok);
    const errors = result.completed - result.ok;
    return { variant, keyed, eventsPerSecond: result.achievedRate, p50Us: result.latency.p50Us, p99Us: result.latency.p99Us, errors, cpuUsPerEvent, detail: result };
  }
  const perCall = variant === 'sdk-single' ? 1 : batchSize;
  const events: EventData[] = Array.from({ length: perCall }, () => ({ body: bodyBytes, contentType: 'application/json' }));
  const result = await sdkClosedLoop(callers, durationMs, perCall, (i) =>
    producer.sendBatch(events, keyed ? { partitionKey: `device-${i % keys}` } : undefined),
  );
  const cpuUsPerEvent = meter.stop(result.ok * perCall);
  return { variant, keyed, eventsPerSecond: result.eventsPerSecond, p50Us: result.latency.p50Us, p99Us: result.latency.p99Us, errors: result.errors, cpuUsPerEvent, detail: result };
}

export const eventHubsAppendScenario = {
  name: 'eh-append',
  description: `closed loop, ${callers} callers, ${payloadBytes} B events to a ${partitions}-partition hub: Outrigger HTTP append vs EventHubProducerClient (1 per send, ${batchSize} per send), with and without partition keys`,
  async run(ctx: EventHubsContext): Promise<ScenarioReport> {
    const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: eventHubsConfig(ctx), core: ctx.pinning.serverCore, nodeArgs: daemonNodeArgs() });
    const producer = new EventHubProducerClient(ctx.env.connectionString, 'direct-appends');
    const raw: AppendFigures[][] = [];
    const pids = { daemon: daemon.pid, broker: ctx.env.brokerPid };
    try {
      for (const variant of variants) await measure(daemon.origin, producer, variant, true, ctx.settings.warmupMs, pids);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const figures: AppendFigures[] = [];
        // Rotate the order so that no variant always runs first (or last) in a run.
        const order = [...variants.slice(run % variants.length), ...variants.slice(0, run % variants.length)];
        for (const keyed of [false, true]) {
          for (const variant of order) {
            const f = await measure(daemon.origin, producer, variant, keyed, ctx.settings.durationMs, pids);
            figures.push(f);
            ctx.log(`eh-append run ${run + 1} ${variant}${keyed ? ' keyed' : ''}: ${f.eventsPerSecond} events/s, p50 ${f.p50Us} µs, p99 ${f.p99Us} µs, errors ${f.errors}, CPU µs/event ${JSON.stringify(f.cpuUsPerEvent)}`);
          }
        }
        raw.push(figures);
      }
    } finally {
      await producer.close();
      await daemon.stop();
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: AppendFigures[][]): Metric[] {
  const metrics: Metric[] = [];
  for (const keyed of [false, true]) {
    for (const variant of variants) {
      const pick = (run: AppendFigures[]) => run.find((f) => f.variant === variant && f.keyed === keyed);
      const label = `${variant}${keyed ? ', keyed' : ', no key'}`;
      const unit = variant === 'outrigger' ? 'request' : 'send';
      metrics.push({ label: `${label}: events/s`, unit: 'events/s', values: raw.map((run) => pick(run)?.eventsPerSecond ?? null) });
      metrics.push({ label: `${label}: p50 per ${unit}`, unit: 'µs', values: raw.map((run) => pick(run)?.p50Us ?? null) });
      metrics.push({ label: `${label}: p99 per ${unit}`, unit: 'µs', values: raw.map((run) => pick(run)?.p99Us ?? null) });
      for (const name of variant === 'outrigger' ? ['daemon', 'bench', 'broker'] : ['bench', 'broker']) {
        metrics.push({ label: `${label}: CPU per event, ${name}`, unit: 'µs', values: raw.map((run) => pick(run)?.cpuUsPerEvent[name] ?? null) });
      }
    }
  }
  return metrics;
}
