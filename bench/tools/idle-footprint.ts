/**
 * What an idle daemon has loaded and what it costs (issue 18 items 1–2). Usage, after `npm run
 * build`:
 *   node dist/bench/tools/idle-footprint.js daemon [bench|dev] [rounds=5] [main.js ...]
 *     each round starts the bare node:http server and then each build (default dist/src/main.js;
 *     several, e.g. a copy of an earlier build, are interleaved), pinned as in the bench and with
 *     the image's Node flags: spawn to the first 200 from /readyz, and RSS 2 s after ready (VmRSS
 *     with its anonymous and file-backed parts). Medians, and the median of the per-round ratios
 *     to the bare server. Then one start of each build under a module-load hook
 *     (module-log-preload.js): the modules loaded by idle, by package.
 *   node dist/bench/tools/idle-footprint.js flags [bench|dev] [rounds=5] ['' '--flag ...' ...]
 *     the same for this build alone, with the image's flags plus each set of extra flags ('' is
 *     the image's flags alone; '=--flag ...' is exactly those flags, '=' none), interleaved; no
 *     module listing.
 *   BENCH_IDLE_MS=15000 reads RSS that long after ready instead of 2 s.
 *   node dist/bench/tools/idle-footprint.js packages [pkg ...]
 *     each package imported alone into a fresh Node with the image's flags: the RSS it adds and
 *     the time the import takes (they share Node's internals, so the sum overstates).
 * `bench` is the bench config (bench/scenarios/context.ts, its app URL unreachable: nothing is
 * pushed while idle); `pushed` the same with an app in this process, measured 2 s after one event
 * was published and pushed to it (everything a push loads, loaded); `dev` is zero-config
 * development mode.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDaemon } from '../lib/daemon.js';
import { imageNodeFlags } from '../lib/image-flags.js';
import { startBaseline } from '../lib/baseline.js';
import { daemonMain, repoRoot } from '../lib/paths.js';
import { setUpPinning } from '../lib/pinning.js';
import { waitFor200 } from '../lib/wait-ready.js';
import { benchConfig } from '../scenarios/context.js';

const hook = pathToFileURL(fileURLToPath(new URL('./module-log-preload.js', import.meta.url))).href;
const [mode = 'daemon', ...rest] = process.argv.slice(2);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** How long after ready RSS is read: 2 s as in the bench, or BENCH_IDLE_MS. */
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 2_000);

interface Sample {
  readyMs: number;
  rss: number;
  anon: number;
  file: number;
}

/** VmRSS, RssAnon and RssFile of `pid` in MiB. */
function memory(pid: number): Omit<Sample, 'readyMs'> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(status)?.[1] ?? Number.NaN);
  const mib = (value: number): number => Math.round((value / 1024) * 10) / 10;
  return { rss: mib(kib('VmRSS')), anon: mib(kib('RssAnon')), file: mib(kib('RssFile')) };
}

/** `node:fs`, `undici`, `@grpc/grpc-js`, `outrigger` (our own files) ... from a module URL. */
function packageOf(url: string): string {
  if (url.startsWith('node:')) return 'node: built-ins';
  const inModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inModules !== null) return inModules[1]!;
  return url.includes('/dist/src/') ? 'outrigger (dist/src)' : url;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 100) / 100;
}

/** The bare server as the startup scenario times it: spawn to its first 200, then RSS 2 s later. */
async function bare(core: number | null, commonjs = false): Promise<Sample> {
  const spawned = process.hrtime.bigint();
  const server = await startBaseline(core, { commonjs });
  try {
    const ready = await waitFor200(`${server.origin}/readyz`, { timeoutMs: 10_000, intervalMs: 2, isAlive: () => true });
    await sleep(idleMs);
    return { readyMs: Math.round(Number(ready - spawned) / 1e5) / 10, ...memory(server.pid) };
  } finally {
    await server.stop();
  }
}

interface Variant {
  name: string;
  main: string;
  nodeArgs: string[];
}

/** Each build in `mains`, or (`variantFlags`) this build with the image's flags plus each set of extra flags. */
async function daemon(which: string, rounds: number, mains: string[], variantFlags?: string[]): Promise<void> {
  const pinning = setUpPinning(process.env);
  let pushed = 0;
  const app = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pushed++;
      res.writeHead(204).end();
    });
  });
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  const appOrigin = which === 'pushed' ? `http://127.0.0.1:${(app.address() as AddressInfo).port}` : 'http://127.0.0.1:9';
  const configYaml = which === 'dev' ? undefined : benchConfig(appOrigin);
  /** In `pushed` mode: one event published and pushed before the idle wait. */
  const pushOne = async (origin: string): Promise<void> => {
    if (which !== 'pushed') return;
    const before = pushed;
    const response = await fetch(`${origin}/v1/publish/orders`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    if (response.status !== 202) throw new Error(`publish answered ${response.status}`);
    for (let i = 0; i < 500 && pushed === before; i++) await sleep(10);
    if (pushed === before) throw new Error('the event was not pushed within 5 s');
  };
  const flags = imageNodeFlags();
  const variants: Variant[] =
    variantFlags === undefined
      ? (mains.length > 0 ? mains : [daemonMain]).map((main) => ({ name: main, main, nodeArgs: flags }))
      : variantFlags.map((set) => {
          const exact = set.startsWith('=');
          const extra = (exact ? set.slice(1) : set).split(' ').filter((flag) => flag !== '');
          const name = exact ? `flags: ${extra.join(' ') || 'none'}` : set === '' ? 'image flags' : `image flags + ${set}`;
          return { name, main: daemonMain, nodeArgs: exact ? extra : [...flags, ...extra] };
        });
  const commonjsBare = 'bare node:http server, CommonJS (no bundled undici)';
  const samples = new Map<string, Sample[]>([['bare node:http server', []], [commonjsBare, []], ...variants.map((variant): [string, Sample[]] => [variant.name, []])]);
  for (let round = 0; round < rounds; round++) {
    samples.get('bare node:http server')!.push(await bare(pinning.serverCore));
    samples.get(commonjsBare)!.push(await bare(pinning.serverCore, true));
    // Rotated, so that no variant always follows the bare server.
    for (const variant of [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)]) {
      const { daemon: d, times } = await startDaemon({ main: variant.main, configYaml, core: pinning.serverCore, nodeArgs: variant.nodeArgs });
      await pushOne(d.origin);
      await sleep(idleMs);
      samples.get(variant.name)!.push({ readyMs: times.spawnToReadyMs, ...memory(d.pid) });
      await d.stop();
    }
  }
  const bareSamples = samples.get('bare node:http server')!;
  const commonjsSamples = samples.get(commonjsBare)!;
  console.log(`${which} config, ${rounds} rounds, image flags ${flags.join(' ')}, RSS ${idleMs} ms after ready; ${pinning.note}`);
  console.log('| | spawn to /readyz (ms) | ÷ bare (median of rounds) | idle RSS (MiB) | ÷ bare | ÷ CommonJS bare | anon | file |\n|---|---|---|---|---|---|---|---|');
  for (const [name, list] of samples) {
    const ratio = (key: 'readyMs' | 'rss', base: Sample[]): string => (list === bareSamples || list === commonjsSamples ? '' : `${median(list.map((s, i) => s[key] / base[i]![key]))}×`);
    const all = (key: keyof Sample): string => list.map((s) => s[key]).join(' / ');
    console.log(`| ${name} | ${median(list.map((s) => s.readyMs))} (${all('readyMs')}) | ${ratio('readyMs', bareSamples)} | ${median(list.map((s) => s.rss))} (${all('rss')}) | ${ratio('rss', bareSamples)} | ${ratio('rss', commonjsSamples)} | ${median(list.map((s) => s.anon))} | ${median(list.map((s) => s.file))} |`);
  }
  if (variantFlags !== undefined) return void app.close();
  const builds = variants.map((variant) => variant.main);
  for (const main of builds) await modules(main, configYaml, pinning.serverCore, [...flags, `--import=${hook}`], which, pushOne);
  app.close();
}

async function modules(main: string, configYaml: string | undefined, core: number | null, nodeArgs: string[], which: string, pushOne: (origin: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'outrigger-modules-'));
  const log = join(dir, 'modules.log');
  try {
    const { daemon: d } = await startDaemon({ main, configYaml, core, nodeArgs, env: { BENCH_MODULE_LOG: log } });
    await pushOne(d.origin);
    await sleep(2_000);
    await d.stop();
    const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter((line) => line !== '' && !line.includes('module-log-preload')))];
    const byPackage = new Map<string, number>();
    for (const url of urls) byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + 1);
    console.log(`\n${main}: ${urls.length} modules loaded by idle (${which}), by package:`);
    for (const [name, count] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(5)}  ${name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs in a fresh Node: RSS before and 500 ms after importing `name`, and the import's time. */
function importCost(name: string): { mib: number; ms: number } {
  const script = [
    'const before = process.memoryUsage.rss();',
    'const t0 = performance.now();',
    `await import(${JSON.stringify(name)});`,
    'const ms = performance.now() - t0;',
    'await new Promise((resolve) => setTimeout(resolve, 500));',
    'console.log(JSON.stringify({ mib: (process.memoryUsage.rss() - before) / 1048576, ms }));',
  ].join('\n');
  const out = execFileSync(process.execPath, [...imageNodeFlags(), '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const { mib, ms } = JSON.parse(out.trim().split('\n').pop()!) as { mib: number; ms: number };
  return { mib: Math.round(mib * 10) / 10, ms: Math.round(ms) };
}

function packages(names: string[]): void {
  const list = names.length > 0 ? names : ['undici', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'prom-client', '@opentelemetry/api', '@sinclair/typebox', 'ajv', 'pino', 'yaml'];
  console.log('| package | RSS added (MiB) | import (ms) |\n|---|---|---|');
  for (const name of list) {
    const runs = [importCost(name), importCost(name), importCost(name)];
    console.log(`| ${name} | ${median(runs.map((r) => r.mib))} | ${median(runs.map((r) => r.ms))} |`);
  }
}

if (mode === 'packages') packages(rest);
else if (mode === 'flags') await daemon(rest[0] ?? 'bench', Number(rest[1] ?? 5), [], rest.length > 2 ? rest.slice(2) : ['']);
else await daemon(rest[0] ?? 'bench', Number(rest[1] ?? 5), rest.slice(2));
