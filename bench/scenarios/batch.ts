/**
 * (c) Batch publish throughput: closed loop, 4 concurrent clients, each posting a JSON array of
 * structured CloudEvents (256-byte data each, ids unique per batch) to /v1/publish/{topic}/batch.
 * The topic has one slow subscriber, so every event is written to its inbox and stays there.
 * Only fully accepted batches (202) count; a 207 counts as failed. Fresh daemon per run, so the
 * file does not grow across runs.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { startDaemon } from '../lib/daemon.js';
import type { LoadResult } from '../lib/load-types.js';
import { batchFactory } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, type BenchContext, type Scenario } from './context.js';

const workers = 4;
const dataBytes = 256;
const sizes = [100, 1_000] as const;
const topic = 'ledger';
const headers = { 'content-type': 'application/cloudevents-batch+json' };

interface BatchFigures {
  size: number;
  msgsPerSecond: number;
  load: LoadResult;
}

async function load(ctx: BenchContext, origin: string, size: number, durationMs: number, runId: string): Promise<BatchFigures> {
  const bodyOf = batchFactory(size, dataBytes, runId);
  const result = await closedLoop({
    origin,
    workers,
    durationMs,
    make: (i) => ({ path: `/v1/publish/${topic}/batch`, headers, body: bodyOf(i) }),
    timeoutMs: 30_000,
  });
  const accepted = result.outcomes['202'] ?? 0;
  return { size, msgsPerSecond: Math.round((accepted * size * 1_000) / result.elapsedMs), load: result };
}

export const batchScenario: Scenario = {
  name: 'batch',
  description: `closed loop, ${workers} clients, batches of ${sizes.join(' and ')} CloudEvents (${dataBytes} B data) to a topic whose slow subscriber keeps every event stored; fresh daemon per run`,
  async run(ctx): Promise<ScenarioReport> {
    const raw: Record<string, BatchFigures>[] = [];
    for (let run = 0; run < ctx.settings.runs; run++) {
      const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: benchConfig(ctx.appOrigin), core: ctx.pinning.serverCore });
      try {
        const figures: Record<string, BatchFigures> = {};
        for (const size of sizes) {
          await load(ctx, daemon.origin, size, Math.min(1_000, ctx.settings.warmupMs), `w${run}s${size}`);
          const f = await load(ctx, daemon.origin, size, ctx.settings.durationMs, `r${run}s${size}`);
          figures[String(size)] = f;
          ctx.log(`batch run ${run + 1} size ${size}: ${f.msgsPerSecond} msg/s, ${JSON.stringify(f.load.outcomes)}`);
        }
        raw.push(figures);
      } finally {
        await daemon.stop();
      }
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: Record<string, BatchFigures>[]): Metric[] {
  return sizes.flatMap((size): Metric[] => [
    { label: `batches of ${size}`, unit: 'msg/s', values: raw.map((r) => r[String(size)]?.msgsPerSecond ?? null), target: { op: '>=', value: 100_000 } },
    { label: `batch of ${size} p99 request time`, unit: 'µs', values: raw.map((r) => r[String(size)]?.load.latency.p99Us ?? null) },
  ]);
}
