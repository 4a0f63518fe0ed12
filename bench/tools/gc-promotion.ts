/**
 * What each young-generation GC of a query proxy costs and why (issue 18, the query tail): the
 * proxy runs with `--trace-gc-nvp`, pinned as in the bench (generator on core 0, proxy and target
 * on core 1), open loop 1,000 req/s over 16 connections, POST 1 KiB answered with 1 KiB (the
 * query target of bench/scenarios/query-common.ts), after the same closed-loop warm-up as
 * query-latency. Per window: scavenges, their pauses, the bytes they promoted to the old
 * generation per request (what survived two scavenges: the copying that makes a scavenge long,
 * and the old-generation growth that brings mark-compacts), and the mark-compacts.
 * Routes, alternated: outrigger (the daemon, /v1/query/t/..., the default policy) and nodeProxy
 * (query-node-proxy.ts `buffer-both`: node:http and undici, both bodies read whole — the floor
 * for a Node proxy doing what Outrigger does).
 * Usage (after `npm run build`, under `flock /work/bench.lock`):
 *   node dist/bench/tools/gc-promotion.js [seconds=10] [rounds=2] [routes=outrigger,nodeProxy]
 * BENCH_DAEMON selects another daemon build; BENCH_DAEMON_ARGS adds node flags to both proxies.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startDaemon } from '../lib/daemon.js';
import { openLoop } from '../lib/open-loop.js';
import { daemonMain } from '../lib/paths.js';
import { pinnedCommand, setUpPinning } from '../lib/pinning.js';
import { queryBody, queryConfig, queryHeaders, startTarget, warmUp } from '../scenarios/query-common.js';

const [secondsText = '10', roundsText = '2', routeList = 'outrigger,nodeProxy'] = process.argv.slice(2);
const extraArgs = (process.env.BENCH_DAEMON_ARGS ?? '').split(' ').filter((a) => a !== '');
const nodeProxyMain = fileURLToPath(new URL('../scenarios/query-node-proxy.js', import.meta.url));

interface Gc {
  scavenges: number;
  scavengeMs: number;
  longestMs: number;
  promoted: number;
  markCompacts: number;
  markCompactMs: number;
}

interface Proxy {
  origin: string;
  path: string;
  gc: Gc;
  counting: boolean;
  stop(): Promise<void>;
}

const pinning = setUpPinning(process.env);
const spinUs = pinning.enabled ? 1_500 : 0;
const target = await startTarget(pinning.serverCore);

const fresh = (): Gc => ({ scavenges: 0, scavengeMs: 0, longestMs: 0, promoted: 0, markCompacts: 0, markCompactMs: 0 });

/** Adds a `--trace-gc-nvp` line (`key=value ...`) to the proxy's counts while it is counting; false for any other line. */
function countGc(proxy: { gc: Gc; counting: boolean }, line: string): boolean {
  if (!line.includes(' gc=')) return false;
  if (!proxy.counting) return true;
  const field = (name: string): number => Number(new RegExp(`\\b${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
  const kind = /\bgc=(\w+)/.exec(line)?.[1];
  const pause = field('pause');
  if (kind === 's') {
    proxy.gc.scavenges++;
    proxy.gc.scavengeMs += pause;
    proxy.gc.longestMs = Math.max(proxy.gc.longestMs, pause);
    proxy.gc.promoted += field('promoted');
  } else if (kind === 'mc' || kind === 'ms') {
    proxy.gc.markCompacts++;
    proxy.gc.markCompactMs += pause;
  }
  return true;
}

async function startOutrigger(): Promise<Proxy> {
  const proxy: Proxy = { origin: '', path: '/v1/query/t/items/42', gc: fresh(), counting: false, stop: async () => {} };
  const { daemon } = await startDaemon({
    configYaml: queryConfig(target.origin),
    core: pinning.serverCore,
    nodeArgs: ['--trace-gc-nvp', ...extraArgs],
    readyTimeoutMs: 30_000,
    onLine: (line) => void countGc(proxy, line),
  });
  proxy.origin = daemon.origin;
  proxy.stop = async () => void (await daemon.stop());
  return proxy;
}

async function startNodeProxy(): Promise<Proxy> {
  const command = pinnedCommand(pinning.serverCore, process.execPath, ['--trace-gc-nvp', ...extraArgs, nodeProxyMain, target.origin, 'buffer-both']);
  const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let port: (value: number) => void;
  const listening = new Promise<number>((resolve) => (port = resolve));
  const proxy: Proxy = { origin: '', path: '/items/42', gc: fresh(), counting: false, stop: async () => void (child.kill('SIGTERM'), await exited) };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!countGc(proxy, line) && line.startsWith('{"port"')) port((JSON.parse(line) as { port: number }).port);
  });
  proxy.origin = `http://127.0.0.1:${await listening}`;
  return proxy;
}

const load = (proxy: Proxy, ms: number): ReturnType<typeof openLoop> =>
  openLoop({ origin: proxy.origin, rate: 1_000, connections: 16, durationMs: ms, spinUs, make: () => ({ path: proxy.path, headers: queryHeaders, body: queryBody }) });

const routes = routeList.split(',');
const proxies = new Map<string, Proxy>();
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; daemon ${daemonMain}; args ${JSON.stringify(extraArgs)}; ${pinning.note}`);
try {
  for (const route of routes) proxies.set(route, route === 'outrigger' ? await startOutrigger() : await startNodeProxy());
  for (const proxy of proxies.values()) await warmUp([proxy], 5_000);
  for (const proxy of proxies.values()) await load(proxy, 2_000);
  for (let round = 0; round < Number(roundsText); round++) {
    for (const [route, proxy] of proxies) {
      proxy.gc = fresh();
      proxy.counting = true;
      const result = await load(proxy, Number(secondsText) * 1_000);
      proxy.counting = false;
      const { gc } = proxy;
      const n = Math.max(1, result.ok);
      console.log(
        `${route.padEnd(10)} p50 ${result.latency.p50Us} p99 ${result.latency.p99Us} p99.9 ${result.latency.p999Us} µs; ` +
          `scavenges ${gc.scavenges} (longest ${gc.longestMs.toFixed(1)} ms, ${gc.scavengeMs.toFixed(0)} ms in all), promoted ${(gc.promoted / n).toFixed(0)} B/request; ` +
          `mark-compacts ${gc.markCompacts} (${gc.markCompactMs.toFixed(0)} ms); ok ${result.ok}/${result.sent}; load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
  }
} finally {
  for (const proxy of proxies.values()) await proxy.stop();
  await target.stop();
}
