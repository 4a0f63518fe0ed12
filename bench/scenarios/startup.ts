/**
 * (f) Start-to-ready: spawn of `node dist/src/main.js` to the first 200 from /readyz (polled
 * every 2 ms), and the daemon's own startupMs log figure; fresh data directory each time, in
 * zero-config development mode and with the bench config (one push subscription), with the Node
 * flags of the image (Dockerfile ENTRYPOINT). The compile cache is warm after the first start;
 * the bench config is also started without it (NODE_DISABLE_COMPILE_CACHE=1), as a pod's first
 * start is. Also the RSS right after ready and 1 s later, idle. For reference, the same for the
 * bare node:http baseline server, started in between: what Node itself costs on this machine.
 */
import { startBaseline } from '../lib/baseline.js';
import { startDaemon, type StartTimes } from '../lib/daemon.js';
import { imageNodeFlags } from '../lib/image-flags.js';
import { waitFor200 } from '../lib/wait-ready.js';
import { rssMiB } from '../lib/proc.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, sleep, type BenchContext, type Scenario } from './context.js';

interface StartFigures extends StartTimes {
  mode: 'development' | 'config' | 'config, no compile cache' | 'reference';
  rssAtReadyMiB: number | null;
  rssIdle1sMiB: number | null;
  stopMs: number;
  exitCode: number | null;
}

async function oneStart(ctx: BenchContext, mode: StartFigures['mode']): Promise<StartFigures> {
  const configYaml = mode === 'development' ? undefined : benchConfig(ctx.appOrigin);
  const env = mode === 'config, no compile cache' ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {};
  const { daemon, times } = await startDaemon({ main: ctx.daemonMain, ...(configYaml === undefined ? {} : { configYaml }), core: ctx.pinning.serverCore, logLevel: 'info', nodeArgs: imageNodeFlags(), env });
  const rssAtReadyMiB = daemon.rssMiB();
  await sleep(1_000);
  const rssIdle1sMiB = daemon.rssMiB();
  const stopped = await daemon.stop();
  return { mode, ...times, rssAtReadyMiB, rssIdle1sMiB, stopMs: stopped.stopMs, exitCode: stopped.code };
}

/** The floor for any Node sidecar here: the bare node:http baseline server, spawn to first 200. */
async function referenceStart(ctx: BenchContext): Promise<StartFigures> {
  const spawnedNs = process.hrtime.bigint();
  const server = await startBaseline(ctx.pinning.serverCore);
  const readyNs = await waitFor200(`${server.origin}/readyz`, { timeoutMs: 10_000, intervalMs: 2, isAlive: () => true });
  const rssAtReadyMiB = rssMiB(server.pid);
  await sleep(1_000);
  const rssIdle1sMiB = rssMiB(server.pid);
  const stopStarted = performance.now();
  await server.stop();
  const spawnToReadyMs = Math.round(Number(readyNs - spawnedNs) / 1e4) / 100;
  return { mode: 'reference', spawnToReadyMs, loggedStartupMs: null, rssAtReadyMiB, rssIdle1sMiB, stopMs: Math.round(performance.now() - stopStarted), exitCode: 0 };
}

export const startupScenario: Scenario = {
  name: 'startup',
  description: 'spawn to first 200 on /readyz, fresh data dir each start; development mode and bench config',
  async run(ctx): Promise<ScenarioReport> {
    const raw: StartFigures[] = [];
    // Interleaved, so that a busy spell on the shared machine falls on every mode alike.
    for (let i = 0; i < ctx.settings.starts; i++) {
      for (const mode of ['development', 'config', 'config, no compile cache', 'reference'] as const) {
        const f = mode === 'reference' ? await referenceStart(ctx) : await oneStart(ctx, mode);
        raw.push(f);
        ctx.log(`startup ${mode} ${i + 1}: ready in ${f.spawnToReadyMs} ms (logged ${f.loggedStartupMs} ms), RSS ${f.rssIdle1sMiB} MiB, stop ${f.stopMs} ms`);
      }
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: StartFigures[]): Metric[] {
  const of = (mode: StartFigures['mode'], f: (s: StartFigures) => number | null): (number | null)[] => raw.filter((s) => s.mode === mode).map(f);
  const reference = of('reference', (s) => s.spawnToReadyMs);
  // Start i of a mode against start i of the bare server: the two ran seconds apart.
  const ratio = (mode: StartFigures['mode']): (number | null)[] =>
    of(mode, (s) => s.spawnToReadyMs).map((v, i) => {
      const bare = reference[i];
      return v === null || bare === null || bare === undefined ? null : Math.round((v / bare) * 100) / 100;
    });
  return [
    { label: 'spawn to ready, bench config ÷ bare node:http server', unit: '×', values: ratio('config'), target: { op: '<=', value: 4 } },
    { label: 'spawn to ready, development mode ÷ bare node:http server', unit: '×', values: ratio('development'), target: { op: '<=', value: 4 } },
    { label: 'spawn to ready, bench config without compile cache ÷ bare node:http server', unit: '×', values: ratio('config, no compile cache') },
    { label: 'spawn to ready, development mode', unit: 'ms', values: of('development', (s) => s.spawnToReadyMs) },
    { label: 'logged startupMs, development mode', unit: 'ms', values: of('development', (s) => s.loggedStartupMs) },
    { label: 'spawn to ready, bench config', unit: 'ms', values: of('config', (s) => s.spawnToReadyMs) },
    { label: 'logged startupMs, bench config', unit: 'ms', values: of('config', (s) => s.loggedStartupMs) },
    { label: 'spawn to ready, bench config, no compile cache', unit: 'ms', values: of('config, no compile cache', (s) => s.spawnToReadyMs) },
    { label: 'RSS idle 1 s after ready, development mode', unit: 'MiB', values: of('development', (s) => s.rssIdle1sMiB) },
    { label: 'RSS idle 1 s after ready, bench config', unit: 'MiB', values: of('config', (s) => s.rssIdle1sMiB) },
    { label: 'SIGTERM to exit, development mode', unit: 'ms', values: of('development', (s) => s.stopMs) },
    { label: 'reference: bare node:http server, spawn to first 200', unit: 'ms', values: reference },
    { label: 'reference: bare node:http server RSS idle', unit: 'MiB', values: of('reference', (s) => s.rssIdle1sMiB) },
  ];
}
