/**
 * A Redis of the test's own (TESTING.md): `redis-server` on a free loopback port with AOF on, in
 * a temp folder, which the test may stop and start again on the same port and data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { signalAndWaitForExit, untilAnswering } from '../../infra/helpers/server-process.js';
import { freePort } from '../../infra/helpers/ports.js';

export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'outrigger-redis-'));
  #process: ChildProcess | undefined;

  /** `fsync`: appendfsync everysec (the recommended setting) or always (every write before its answer). */
  private constructor(
    readonly port: number,
    readonly fsync: 'everysec' | 'always',
    readonly extraArgs: string[],
  ) {}

  /** `extraArgs`: more redis-server options, e.g. ['--cluster-enabled', 'yes']. */
  static async start(fsync: 'everysec' | 'always' = 'everysec', extraArgs: string[] = []): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), fsync, extraArgs);
    await server.start().catch(async (err: unknown) => {
      await server.remove();
      throw err;
    });
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and folder; resolves once it answers PING. */
  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', this.fsync, '--save', '', '--daemonize', 'no', ...this.extraArgs];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.#process = child;
    await untilAnswering(child, this.port, async () => {
      const client = createClient({ url: this.url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
      client.on('error', () => undefined);
      await client.connect();
      await client.ping();
      await client.close();
    });
  }

  /** SIGTERM: Redis writes and fsyncs its AOF before it exits, as on any orderly stop. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    await signalAndWaitForExit(child, signal);
  }

  async remove(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
