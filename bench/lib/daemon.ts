/**
 * Runs the built daemon (dist/src/main.js) as a child process on free loopback ports with a
 * temporary data directory, measures how long it takes to become ready, and stops it with
 * SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './free-port.js';
import { daemonMain, repoRoot } from './paths.js';
import { pinnedCommand } from './pinning.js';
import { rssMiB } from './proc.js';
import { waitFor200 } from './wait-ready.js';

export interface DaemonOptions {
  /** Entry point; default dist/src/main.js (or BENCH_DAEMON). */
  main?: string;
  /** YAML config text; none: zero-config development mode. */
  configYaml?: string;
  /** Core to pin the daemon to, or null. */
  core?: number | null;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/x']. */
  nodeArgs?: string[];
  /** Extra environment, e.g. UV_THREADPOOL_SIZE or NODE_DISABLE_COMPILE_CACHE. */
  env?: NodeJS.ProcessEnv;
  /** Default 'warn'; 'info' is needed to see the "outrigger ready" line with startupMs. */
  logLevel?: string;
  readyTimeoutMs?: number;
  /** Called with every line the daemon prints on stdout or stderr, e.g. `--trace-gc-nvp` records. */
  onLine?: (line: string) => void;
}

export interface StartTimes {
  /** Spawn to the first 200 from /readyz, measured by the bench. */
  spawnToReadyMs: number;
  /** startupMs from the daemon's own "outrigger ready" log line (needs logLevel info). */
  loggedStartupMs: number | null;
}

export class RunningDaemon {
  private exited = false;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly tail: string[] = [];
  loggedStartupMs: number | null = null;

  constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
    readonly adminOrigin: string,
    readonly dataDir: string,
    private readonly onOutput?: (line: string) => void,
  ) {
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return !this.exited;
  }

  rssMiB(): number | null {
    return rssMiB(this.pid);
  }

  /** The last lines the daemon printed, for error reports. */
  recentOutput(): string {
    return this.tail.join('\n');
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with how long the exit took. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; stopMs: number }> {
    const started = performance.now();
    if (!this.exited) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exit;
    clearTimeout(timer);
    rmSync(this.dataDir, { recursive: true, force: true });
    return { ...result, stopMs: Math.round(performance.now() - started) };
  }

  private onLine(line: string): void {
    this.onOutput?.(line);
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
    if (!line.includes('outrigger ready')) return;
    try {
      const record = JSON.parse(line) as { msg?: unknown; startupMs?: unknown };
      if (record.msg === 'outrigger ready' && typeof record.startupMs === 'number') this.loggedStartupMs = record.startupMs;
    } catch {
      // not JSON; ignore
    }
  }
}

export async function startDaemon(options: DaemonOptions = {}): Promise<{ daemon: RunningDaemon; times: StartTimes }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outrigger-bench-'));
  const [httpPort, adminPort, grpcPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OUTRIGGER_HTTP_ADDR: `127.0.0.1:${httpPort}`,
    OUTRIGGER_ADMIN_ADDR: `127.0.0.1:${adminPort}`,
    OUTRIGGER_GRPC_ADDR: `127.0.0.1:${grpcPort}`,
    OUTRIGGER_DATA_DIR: dataDir,
    OUTRIGGER_LOG_LEVEL: options.logLevel ?? 'warn',
    ...options.env,
  };
  delete env.OUTRIGGER_CONFIG;
  delete env.NODE_OPTIONS;
  if (options.configYaml !== undefined) {
    const file = join(dataDir, 'outrigger.yaml');
    writeFileSync(file, options.configYaml);
    env.OUTRIGGER_CONFIG = file;
  }
  const command = pinnedCommand(options.core ?? null, process.execPath, [...(options.nodeArgs ?? []), options.main ?? daemonMain]);
  const spawnedNs = process.hrtime.bigint();
  const child = spawn(command.file, command.args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const daemon = new RunningDaemon(child, `http://127.0.0.1:${httpPort}`, `http://127.0.0.1:${adminPort}`, dataDir, options.onLine);
  try {
    const readyNs = await waitFor200(`${daemon.adminOrigin}/readyz`, {
      timeoutMs: options.readyTimeoutMs ?? 20_000,
      intervalMs: 2,
      isAlive: () => daemon.alive,
    });
    // The ready line is written just before /readyz can answer; give the pipe a moment.
    if ((options.logLevel ?? 'warn') === 'info') await new Promise((resolve) => setTimeout(resolve, 50));
    return { daemon, times: { spawnToReadyMs: round2(Number(readyNs - spawnedNs) / 1e6), loggedStartupMs: daemon.loggedStartupMs } };
  } catch (err) {
    await daemon.stop(2_000);
    throw new Error(`daemon did not become ready: ${(err as Error).message}\n${daemon.recentOutput()}`, { cause: err });
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
