/**
 * Soak (issue 17 item 8): the built daemon on the embedded broker under a steady mixed load —
 * commands, topic publishes and stream appends all pushed to an app, plus queries to a local
 * target — for SOAK_SECONDS (default 600). Every 10 s it samples the daemon's RSS, its open file
 * descriptors and the event-loop delay p99 the daemon reports itself (prom-client's default
 * metric, reset at each scrape, so each sample covers the last interval). Growth is measured
 * from the first sample after the warm-up, since caches, JIT and SQLite pages fill during it.
 * To tell a leak from heap sizing or native memory, each sample also splits RSS: anonymous and
 * file-backed pages (/proc status) and the V8 heap in use, the heap V8 has reserved, and external
 * memory (prom-client's nodejs_* figures); what is left of anonymous RSS is native memory
 * (SQLite's page caches, allocator arenas, compiled code).
 * The daemon runs with the Node flags of the image (Dockerfile ENTRYPOINT), as a pod does;
 * SOAK_NODE_FLAGS overrides them (SOAK_NODE_FLAGS= for none).
 *
 *   npm run soak                       # 10 minutes
 *   SOAK_SECONDS=180 SOAK_RATE=1000 npm run soak
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { startDaemon } from '../lib/daemon.js';
import { imageNodeFlags } from '../lib/image-flags.js';
import { openLoop } from '../lib/open-loop.js';
import { PushApp } from '../lib/push-app.js';
import { startTarget } from '../scenarios/query-common.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const rate = Number(process.env.SOAK_RATE ?? 1_000);
const warmupSeconds = Math.min(60, Math.floor(seconds / 5));
const sampleEveryMs = 10_000;
const nodeArgs = process.env.SOAK_NODE_FLAGS === undefined ? imageNodeFlags() : process.env.SOAK_NODE_FLAGS.split(/\s+/).filter(Boolean);

interface Sample {
  atS: number;
  rssMiB: number | null;
  /** RSS split: anonymous (heap, native) and file-backed (code, mapped files) pages. */
  rssAnonMiB: number | null;
  rssFileMiB: number | null;
  /** The daemon's V8 heap: in use, reserved, and memory outside it owned by JS objects (Buffers). */
  heapUsedMiB: number | null;
  heapTotalMiB: number | null;
  externalMiB: number | null;
  fds: number | null;
  loopP99Ms: number | null;
  pushed: number;
}

function statusMiB(pid: number, field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Math.round(Number(match[1]) / 102.4) / 10;
  } catch {
    return null;
  }
}

function openFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

interface Scraped {
  loopP99Ms: number | null;
  heapUsedMiB: number | null;
  heapTotalMiB: number | null;
  externalMiB: number | null;
}

async function scrape(adminOrigin: string): Promise<Scraped> {
  let text = '';
  try {
    text = await (await fetch(`${adminOrigin}/metrics`)).text();
  } catch {
    // the daemon is gone: every figure null
  }
  const value = (name: string): number | null => {
    const match = new RegExp(`^outrigger_${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return match === null ? null : Number(match[1]);
  };
  const mib = (name: string): number | null => {
    const v = value(name);
    return v === null ? null : Math.round(v / 104857.6) / 10;
  };
  const loop = value('nodejs_eventloop_lag_p99_seconds');
  return { loopP99Ms: loop === null ? null : Math.round(loop * 1e4) / 10, heapUsedMiB: mib('nodejs_heap_size_used_bytes'), heapTotalMiB: mib('nodejs_heap_size_total_bytes'), externalMiB: mib('nodejs_external_memory_bytes') };
}

const app = new PushApp();
const appOrigin = await app.listen();
const target = await startTarget(null);
const { daemon } = await startDaemon({
  nodeArgs,
  configYaml: `# written by bench/soak/run.ts
app: { id: soak, url: ${appOrigin} }
brokers: { local: { driver: embedded } }
queues: { jobs: {} }
topics: { news: {} }
streams: { feed: { partitions: 2 } }
targets: { t: { url: ${target.origin} } }
subscriptions:
  - { name: jobs, from: { queue: jobs }, deliver: /jobs, concurrency: 16 }
  - { name: news, from: { topic: news }, deliver: /news, concurrency: 16 }
  - { name: feed, from: { stream: feed, group: soak }, deliver: /feed }
`,
});
const stopAll = async (): Promise<void> => {
  await daemon.stop(5_000).catch(() => undefined);
  await target.stop().catch(() => undefined);
  await app.close().catch(() => undefined);
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

const body = JSON.stringify({ soak: true, payload: 'x'.repeat(200) });
const json = { 'content-type': 'application/json' };
const paths = ['/v1/command/jobs', '/v1/publish/news', '/v1/stream/feed', '/v1/query/t/items/42'];
const started = Date.now();
const samples: Sample[] = [];
const sample = async (): Promise<void> => {
  const scraped = await scrape(daemon.adminOrigin);
  const memory = { rssMiB: daemon.rssMiB(), rssAnonMiB: statusMiB(daemon.pid, 'RssAnon'), rssFileMiB: statusMiB(daemon.pid, 'RssFile') };
  samples.push({ atS: Math.round((Date.now() - started) / 1000), ...memory, ...scraped, fds: openFds(daemon.pid), pushed: app.total });
  const last = samples.at(-1)!;
  console.log(
    `t=${last.atS}s rss=${last.rssMiB} MiB (anon ${last.rssAnonMiB}, file ${last.rssFileMiB}) heap used=${last.heapUsedMiB} total=${last.heapTotalMiB} external=${last.externalMiB} MiB fds=${last.fds} loop p99=${last.loopP99Ms} ms pushed=${last.pushed}`,
  );
};
console.log(`daemon node flags: ${nodeArgs.join(' ') || '(none)'}`);
await scrape(daemon.adminOrigin);
const sampler = setInterval(() => void sample(), sampleEveryMs);
let load;
try {
  load = await openLoop({ origin: daemon.origin, rate, connections: 32, durationMs: seconds * 1_000, make: (i) => ({ path: paths[i % paths.length]!, headers: json, body }) });
  clearInterval(sampler);
  await sample();
  await app.waitQuiet(3_000, 60_000);
} finally {
  clearInterval(sampler);
  await stopAll();
}

const afterWarmup = samples.filter((s) => s.atS >= warmupSeconds && s.rssMiB !== null);
const first = afterWarmup[0];
const last = afterWarmup.at(-1);
const loops = samples.map((s) => s.loopP99Ms).filter((v): v is number => v !== null);
const rssGrowthPct = first && last ? Math.round(((last.rssMiB! - first.rssMiB!) / first.rssMiB!) * 1000) / 10 : null;
const fdGrowth = first && last && first.fds !== null && last.fds !== null ? last.fds - first.fds : null;
const summary = {
  date: new Date().toISOString(),
  seconds,
  rate,
  warmupSeconds,
  load: { sent: load.sent, ok: load.ok, achievedRate: load.achievedRate, outcomes: load.outcomes, latencyP99Ms: Math.round(load.latency.p99Us / 100) / 10 },
  pushedToApp: app.total,
  nodeArgs,
  rssMiB: { afterWarmup: first?.rssMiB ?? null, end: last?.rssMiB ?? null, max: Math.max(...afterWarmup.map((s) => s.rssMiB!)), growthPct: rssGrowthPct },
  // Where the growth went: each part of memory after the warm-up and at the end.
  parts: Object.fromEntries((['rssAnonMiB', 'rssFileMiB', 'heapUsedMiB', 'heapTotalMiB', 'externalMiB'] as const).map((k) => [k, { afterWarmup: first?.[k] ?? null, end: last?.[k] ?? null }])),
  fds: { afterWarmup: first?.fds ?? null, end: last?.fds ?? null, max: Math.max(...afterWarmup.map((s) => s.fds ?? 0)), growth: fdGrowth },
  loopDelayP99Ms: { worstSample: loops.length ? Math.max(...loops) : null, medianSample: loops.length ? [...loops].sort((a, b) => a - b)[Math.floor(loops.length / 2)] : null },
  uptime: execSync('uptime').toString().trim(),
  verdict: { rss: rssGrowthPct !== null && rssGrowthPct < 10, fds: fdGrowth !== null && fdGrowth <= 0, loop: loops.length > 0 && Math.max(...loops) < 50 },
};
console.log(JSON.stringify(summary, null, 2));
process.exitCode = summary.verdict.rss && summary.verdict.fds && summary.verdict.loop ? 0 : 1;
