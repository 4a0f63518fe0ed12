/**
 * Where an Event Hubs append's time and CPU go, without HTTP: the driver in this process, 16
 * callers appending one 1 KiB event each through `streams.append`, keyless and keyed, against the
 * test broker in its own process. Beside the rate: the appenders' rounds (events per send,
 * properties reads per event, the slow paths taken), the mean round trip of a `sendBatch` and of
 * a properties read, and the CPU per append of this process (driver and callers) and the broker.
 * Then the test broker's own cost, apart: 16 callers doing nothing but properties reads, and
 * nothing but one-event `sendBatch` calls, each with the broker's CPU per operation.
 * Not part of the default run (BENCH_ONLY=eh-rounds).
 */
import { EventHubProducerClient, type EventData } from '@azure/event-hubs';
import { PartitionAppender, type AppenderCounts } from '../../src/drivers/azure-eventhubs/appender.js';
import { createEventHubsDriver } from '../../src/drivers/azure-eventhubs/index.js';
import { cpuMeter } from '../lib/message-rate.js';
import { jsonOfSize } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { callers } from './eventhubs-append.js';
import { keys, payloadBytes, sdkClosedLoop, type EventHubsContext } from './eventhubs-common.js';

/** The hub the in-process driver appends to (beside the daemon's and the SDK's). */
export const roundsHub = 'rounds';

type Variant = 'driver' | 'driver-keyed' | 'broker-reads' | 'broker-sends';
const variants: Variant[] = ['driver', 'driver-keyed', 'broker-reads', 'broker-sends'];

interface RoundFigures {
  variant: Variant;
  /** Appends (driver), reads or sends per second. */
  perSecond: number;
  p50Us: number;
  cpuUsPerOp: Record<string, number>;
  eventsPerSend?: number;
  readsPerEvent?: number;
  ambiguousPerThousandRounds?: number;
  readBacks?: number;
  sendRttUs?: number;
  readRttUs?: number;
}

/** Mean duration of each call of `method` on the producer's prototype while `run` runs. */
async function timed<T>(method: 'sendBatch' | 'getPartitionProperties', run: () => Promise<T>): Promise<{ result: T; meanUs: number }> {
  const proto = EventHubProducerClient.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = proto[method] as (...args: unknown[]) => Promise<unknown>;
  let calls = 0;
  let totalNs = 0n;
  proto[method] = async function (this: unknown, ...args: unknown[]) {
    const start = process.hrtime.bigint();
    try {
      return await original.apply(this, args);
    } finally {
      calls++;
      totalNs += process.hrtime.bigint() - start;
    }
  };
  try {
    const result = await run();
    return { result, meanUs: calls === 0 ? 0 : Math.round(Number(totalNs / BigInt(calls)) / 1_000) };
  } finally {
    proto[method] = original;
  }
}

const sum = (counts: AppenderCounts[], field: keyof AppenderCounts): number => counts.reduce((total, c) => total + c[field], 0);

async function measure(ctx: EventHubsContext, variant: Variant, durationMs: number): Promise<RoundFigures> {
  const meter = cpuMeter({ bench: process.pid, broker: ctx.env.brokerPid });
  if (variant === 'broker-reads' || variant === 'broker-sends') {
    const producer = new EventHubProducerClient(ctx.env.connectionString, roundsHub);
    try {
      await producer.getPartitionProperties('0');
      const event: EventData[] = [{ body: Buffer.from(jsonOfSize(payloadBytes, { bench: 'eventhubs-rounds' })), contentType: 'application/json' }];
      meter.start();
      const result = await sdkClosedLoop(callers, durationMs, 1, (i) =>
        variant === 'broker-reads' ? producer.getPartitionProperties(String(i % 4)).then(() => undefined) : producer.sendBatch(event, { partitionId: String(i % 4) }),
      );
      return { variant, perSecond: result.eventsPerSecond, p50Us: result.latency.p50Us, cpuUsPerOp: meter.stop(result.ok) };
    } finally {
      await producer.close();
    }
  }
  const keyed = variant === 'driver-keyed';
  const driver = await createEventHubsDriver({ name: 'rounds', settings: { connectionString: ctx.env.connectionString }, dataDir: '.' });
  await driver.connect();
  const appenders = new Set<PartitionAppender>();
  const append = PartitionAppender.prototype.append;
  PartitionAppender.prototype.append = function (this: PartitionAppender, events) {
    appenders.add(this);
    return append.call(this, events);
  };
  try {
    const data = new TextEncoder().encode(jsonOfSize(payloadBytes, { bench: 'eventhubs-rounds' }));
    const once = (i: number): Promise<void> =>
      driver.streams.append(roundsHub, [{ id: `r-${i}`, headers: { 'content-type': 'application/json' }, data, ...(keyed ? { partitionKey: `device-${i % keys}` } : {}) }]).then(() => undefined);
    for (let i = 0; i < 64; i++) await once(i);
    const before = new Map([...appenders].map((a) => [a, { ...a.counts }]));
    meter.start();
    let sendRttUs = 0;
    const { result, meanUs: readRttUs } = await timed('getPartitionProperties', async () => {
      const inner = await timed('sendBatch', () => sdkClosedLoop(callers, durationMs, 1, once));
      sendRttUs = inner.meanUs;
      return inner.result;
    });
    const cpuUsPerOp = meter.stop(result.ok);
    const deltas = [...appenders].map((a) => {
      const was = before.get(a);
      return Object.fromEntries(Object.entries(a.counts).map(([k, v]) => [k, v - ((was as Record<string, number> | undefined)?.[k] ?? 0)])) as unknown as AppenderCounts;
    });
    const events = sum(deltas, 'events');
    return {
      variant,
      perSecond: result.eventsPerSecond,
      p50Us: result.latency.p50Us,
      cpuUsPerOp,
      eventsPerSend: Math.round((events / Math.max(1, sum(deltas, 'sends'))) * 100) / 100,
      readsPerEvent: Math.round((sum(deltas, 'reads') / Math.max(1, events)) * 1000) / 1000,
      ambiguousPerThousandRounds: Math.round((sum(deltas, 'ambiguous') * 1000) / Math.max(1, sum(deltas, 'rounds'))),
      readBacks: sum(deltas, 'readBacks'),
      sendRttUs,
      readRttUs,
    };
  } finally {
    PartitionAppender.prototype.append = append;
    await driver.close();
  }
}

export const eventHubsRoundsScenario = {
  name: 'eh-rounds',
  description: `${callers} callers appending ${payloadBytes} B events through the driver in-process (no HTTP): rounds, round trips and CPU per append; the test broker's CPU per properties read and per one-event send`,
  async run(ctx: EventHubsContext): Promise<ScenarioReport> {
    const raw: RoundFigures[][] = [];
    for (let run = 0; run < ctx.settings.runs; run++) {
      const figures: RoundFigures[] = [];
      for (const variant of variants) {
        const f = await measure(ctx, variant, ctx.settings.durationMs);
        figures.push(f);
        ctx.log(`eh-rounds run ${run + 1} ${variant}: ${JSON.stringify(f)}`);
      }
      raw.push(figures);
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: RoundFigures[][]): Metric[] {
  const metrics: Metric[] = [];
  const fields: [keyof RoundFigures, string, string][] = [
    ['perSecond', 'per second', 'ops/s'],
    ['p50Us', 'p50', 'µs'],
    ['eventsPerSend', 'events per send', 'events'],
    ['readsPerEvent', 'reads per event', 'reads'],
    ['ambiguousPerThousandRounds', 'ambiguous reads per 1,000 rounds', 'reads'],
    ['readBacks', 'read-backs', 'ranges'],
    ['sendRttUs', 'sendBatch round trip', 'µs'],
    ['readRttUs', 'properties read round trip', 'µs'],
  ];
  for (const variant of variants) {
    const pick = (run: RoundFigures[]) => run.find((f) => f.variant === variant);
    for (const [field, label, unit] of fields) {
      if (raw.every((run) => pick(run)?.[field] === undefined)) continue;
      metrics.push({ label: `${variant}: ${label}`, unit, values: raw.map((run) => (pick(run)?.[field] as number | undefined) ?? null) });
    }
    for (const name of ['bench', 'broker']) {
      metrics.push({ label: `${variant}: CPU per op, ${name}`, unit: 'µs', values: raw.map((run) => pick(run)?.cpuUsPerOp[name] ?? null) });
    }
  }
  return metrics;
}
