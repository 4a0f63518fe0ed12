/**
 * Soak (issue 17 item 8): the built daemon on the embedded broker under a steady mixed load —
 * commands, topic publishes and stream appends all pushed to an app, plus queries to a local
 * target — for SOAK_SECONDS (default 600). Every 10 s it samples the daemon's RSS, its open file
 * descriptors and the event-loop delay p99 the daemon reports itself (prom-client's default
 * metric, reset at each scrape, so each sample covers the last interval). Growth is measured
 * from the first sample after the warm-up, since caches, JIT and SQLite pages fill during it.
 *
 *   npm run soak                       # 10 minutes
 *   SOAK_SECONDS=180 SOAK_RATE=1000 npm run soak
 */
import { readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { startDaemon } from '../lib/daemon.js';
import { openLoop } from '../lib/open-loop.js';
import { PushApp } from '../lib/push-app.js';
import { startTarget } from '../scenarios/query-common.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const rate = Number(process.env.SOAK_RATE ?? 1_000);
const warmupSeconds = Math.min(60, Math.floor(seconds / 5));
const sampleEveryMs = 10_000;

interface Sample {
  atS: number;
  rssMiB: number | null;
  fds: number | null;
  loopP99Ms: number | null;
  pushed: number;
}

function openFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

async function loopP99Ms(adminOrigin: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${adminOrigin}/metrics`)).text();
    const match = /^outrigger_nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(text);
    return match === null ? null : Math.round(Number(match[1]) * 1e4) / 10;
  } catch {
    return null;
  }
}

const app = new PushApp();
const appOrigin = await app.listen();
const target = await startTarget(null);
const { daemon } = await startDaemon({
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
  samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMiB: daemon.rssMiB(), fds: openFds(daemon.pid), loopP99Ms: await loopP99Ms(daemon.adminOrigin), pushed: app.total });
  const last = samples.at(-1)!;
  console.log(`t=${last.atS}s rss=${last.rssMiB} MiB fds=${last.fds} loop p99=${last.loopP99Ms} ms pushed=${last.pushed}`);
};
await loopP99Ms(daemon.adminOrigin);
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
  rssMiB: { afterWarmup: first?.rssMiB ?? null, end: last?.rssMiB ?? null, max: Math.max(...afterWarmup.map((s) => s.rssMiB!)), growthPct: rssGrowthPct },
  fds: { afterWarmup: first?.fds ?? null, end: last?.fds ?? null, max: Math.max(...afterWarmup.map((s) => s.fds ?? 0)), growth: fdGrowth },
  loopDelayP99Ms: { worstSample: loops.length ? Math.max(...loops) : null, medianSample: loops.length ? [...loops].sort((a, b) => a - b)[Math.floor(loops.length / 2)] : null },
  uptime: execSync('uptime').toString().trim(),
  verdict: { rss: rssGrowthPct !== null && rssGrowthPct < 10, fds: fdGrowth !== null && fdGrowth <= 0, loop: loops.length > 0 && Math.max(...loops) < 50 },
};
console.log(JSON.stringify(summary, null, 2));
process.exitCode = summary.verdict.rss && summary.verdict.fds && summary.verdict.loop ? 0 : 1;
