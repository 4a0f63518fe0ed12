/** Shared by the Event Hubs scenarios: the context, the daemon's config and the SDK-side load loops. */
import { fileURLToPath } from 'node:url';
import type { EventHubsEnv } from '../lib/eventhubs-env.js';
import { Histogram, type HistogramSummary } from '../lib/histogram.js';
import type { BenchContext } from './context.js';

export interface EventHubsContext extends BenchContext {
  env: EventHubsEnv;
}

export const partitions = 4;

/**
 * Node flags for the daemon (diagnostics, not for the record): with BENCH_EH_NODELAY=1, the
 * TCP_NODELAY preload; with BENCH_EH_PROFILE_DIR=<dir>, --cpu-prof into that directory (read it
 * with dist/bench/tools/cpu-profile-top.js).
 */
export function daemonNodeArgs(): string[] {
  const args: string[] = [];
  if (process.env.BENCH_EH_NODELAY === '1') args.push('--import', fileURLToPath(new URL('../tools/tcp-nodelay-preload.js', import.meta.url)));
  const profileDir = process.env.BENCH_EH_PROFILE_DIR;
  if (profileDir !== undefined && profileDir !== '') args.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  return args;
}
/**
 * Hubs on the test broker: appends (Outrigger's appends, no consumer), direct-appends (the SDK's),
 * pushed (the daemon's push subscription), direct (the SDK subscriber), rounds (the driver in the
 * bench process, eh-rounds). Outrigger and the SDK write
 * to hubs of their own: the driver works out receipt offsets, and events another producer wrote in
 * between make it read them back (see the driver's appender), which is not what is measured here.
 */
export const hubs = { appends: partitions, 'direct-appends': partitions, pushed: partitions, direct: partitions, rounds: partitions };
export const payloadBytes = 1_024;
/** Partition keys cycle through this many devices. */
export const keys = 64;

export function eventHubsConfig(ctx: EventHubsContext): string {
  return `# written by bench/scenarios/eventhubs-common.ts
app: { id: bench, url: ${ctx.appOrigin} }
defaultBroker: local
brokers:
  local: { driver: embedded }
  hubs:
    driver: azure-eventhubs
    connectionString: ${JSON.stringify(ctx.env.connectionString)}
    checkpointStorage: ${JSON.stringify(ctx.env.azurite.connectionString)}
    checkpointContainer: bench-checkpoints
    loadBalancingIntervalMs: 1000
streams:
  appends: { broker: hubs, entity: appends, partitions: ${partitions} }
  pushed: { broker: hubs, entity: pushed, partitions: ${partitions} }
subscriptions:
  - { name: pushed, from: { stream: pushed, group: bench }, deliver: /eh }
`;
}

export interface SdkLoadResult {
  calls: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  elapsedMs: number;
  /** Events per second that were acknowledged by the broker. */
  eventsPerSecond: number;
  /** Per call: from its start (closed loop) or its scheduled instant (open loop) to the broker's ack. */
  latency: HistogramSummary;
}

/** N callers, each making its next call when the previous one is answered. */
export async function sdkClosedLoop(callers: number, durationMs: number, eventsPerCall: number, call: (i: number) => Promise<void>): Promise<SdkLoadResult> {
  const latency = new Histogram();
  const errors: string[] = [];
  let calls = 0;
  let ok = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(durationMs) * 1_000_000n;
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < end) {
      const i = calls++;
      const start = process.hrtime.bigint();
      try {
        await call(i);
        ok++;
        latency.recordSince(start, process.hrtime.bigint());
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, worker));
  return summarise(calls, ok, errors, t0, eventsPerCall, latency);
}

/** Open loop: call i is made at t0 + i/rate whatever earlier calls are doing; latency runs from that instant. */
export async function sdkOpenLoop(rate: number, durationMs: number, call: (i: number, scheduledNs: bigint) => Promise<void>): Promise<SdkLoadResult> {
  const latency = new Histogram();
  const errors: string[] = [];
  const total = Math.floor((rate * durationMs) / 1_000);
  const intervalNs = 1e9 / rate;
  const pending = new Set<Promise<void>>();
  let ok = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    const due = t0 + BigInt(Math.round(i * intervalNs));
    for (let now = process.hrtime.bigint(); now < due; now = process.hrtime.bigint()) {
      const waitMs = Number(due - now) / 1e6;
      await (waitMs > 2 ? new Promise((resolve) => setTimeout(resolve, waitMs - 1)) : new Promise((resolve) => setImmediate(resolve)));
    }
    const done: Promise<void> = call(i, due).then(
      () => {
        ok++;
        latency.recordSince(due, process.hrtime.bigint());
      },
      (err: unknown) => {
        errors.push((err as Error).message);
      },
    );
    pending.add(done);
    void done.finally(() => pending.delete(done));
  }
  await Promise.all(pending);
  return summarise(total, ok, errors, t0, 1, latency);
}

function summarise(calls: number, ok: number, errors: string[], t0: bigint, eventsPerCall: number, latency: Histogram): SdkLoadResult {
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    calls,
    ok,
    errors: errors.length,
    errorSamples: [...new Set(errors)].slice(0, 3),
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: Math.round((ok * eventsPerCall * 1_000) / elapsedMs),
    latency: latency.summary(),
  };
}
