/**
 * Starts the real built daemon (dist/src/main.js) as a child process on free loopback ports,
 * as end-to-end tests and the CI must: nothing in-process, nothing mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

const entry = fileURLToPath(new URL('../../../dist/src/main.js', import.meta.url));

const running = new Set<ChildProcess>();

// A daemon a test file left running is killed when the file ends, before its directories are
// removed (temp-dir's hook was registered first, so it runs after this one).
afterAll(async () => {
  await Promise.all(
    [...running].map(async (child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }),
  );
});

export interface DaemonOptions {
  /** A config object written to a YAML file; omitted: zero-config development mode. */
  config?: Record<string, unknown>;
  /** Shares an embedded broker file with another daemon. Default: a fresh one, removed when the test file ends. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Arguments after dist/src/main.js (before --config when a config is given). */
  args?: string[];
  readyTimeoutMs?: number;
}

export interface RunningDaemon {
  url: string;
  /** host:port of the gRPC API. */
  grpcAddr: string;
  adminUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Every line the daemon wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export async function startDaemon(options: DaemonOptions = {}): Promise<RunningDaemon> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run 'npm run build' first (npm test does)`);
  const dataDir = options.dataDir ?? tempDir('e2e');
  const [httpPort, grpcPort, adminPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    OUTRIGGER_HTTP_ADDR: `127.0.0.1:${httpPort}`,
    OUTRIGGER_GRPC_ADDR: `127.0.0.1:${grpcPort}`,
    OUTRIGGER_ADMIN_ADDR: `127.0.0.1:${adminPort}`,
    OUTRIGGER_DATA_DIR: dataDir,
    OUTRIGGER_LOG_LEVEL: 'info',
    // Zero-config runs are refused with NODE_ENV=production; a test says so itself when it means it.
    NODE_ENV: 'test',
    ...options.env,
  };
  delete env.OUTRIGGER_CONFIG;
  delete env.OUTRIGGER_API_TOKEN;
  Object.assign(env, options.env);
  const args = [entry, ...(options.args ?? [])];
  if (options.config !== undefined) {
    const file = join(tempDir('config'), 'outrigger.yaml');
    writeFileSync(file, stringify(options.config));
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const daemon: RunningDaemon = {
    url: `http://127.0.0.1:${httpPort}`,
    grpcAddr: `127.0.0.1:${grpcPort}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    dataDir,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await waitReady(daemon, options.readyTimeoutMs ?? 15_000);
  return daemon;
}

async function waitReady(daemon: RunningDaemon, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void daemon.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`daemon exited with ${exitCode} before it was ready:\n${daemon.output()}`);
    try {
      const response = await fetch(`${daemon.adminUrl}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await daemon.kill();
  throw new Error(`daemon not ready within ${timeoutMs} ms:\n${daemon.output()}`);
}

/** POSTs a JSON body to the daemon's HTTP API, expects 202 (the body shown if not), and returns the message id. */
export async function postAccepted(daemon: RunningDaemon, path: string, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(daemon.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}
