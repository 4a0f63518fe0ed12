/**
 * A nats-server of the test's own (TESTING.md): `nats-server -js` on a free loopback port with
 * its JetStream store in a temp folder, which the test may stop and start again on the same
 * port and store. Ready means JetStream answers, not just the port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { signalAndWaitForExit, untilAnswering } from '../../infra/helpers/server-process.js';
import { freePort } from '../../infra/helpers/ports.js';

const binary = process.env.OUTRIGGER_TEST_NATS_SERVER ?? '/usr/sbin/nats-server';

export class PrivateNats {
  readonly dir = mkdtempSync(join(tmpdir(), 'outrigger-nats-'));
  #process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateNats> {
    const server = new PrivateNats(await freePort());
    await server.start().catch(async (err: unknown) => {
      await server.remove();
      throw err;
    });
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and store; resolves once JetStream answers. */
  async start(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir];
    const child = spawn(binary, args, { stdio: 'ignore' });
    this.#process = child;
    await untilAnswering(child, this.port, async () => {
      const nc = await connect({ servers: this.url, timeout: 500, reconnect: false });
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
      } finally {
        await nc.close();
      }
    }, 'answer with JetStream');
  }

  /** SIGTERM is an orderly stop (the store is flushed); SIGKILL a crash of the server process. */
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
