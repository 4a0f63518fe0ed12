/**
 * A RabbitMQ of the test's own (TESTING.md): `rabbitmq-server` as its own node
 * (`outrigger-test-<pid>-<n>@localhost`) on free ports, with its data, logs, config and an empty
 * plugin list (no management plugin) in a temp folder, which the test may stop and start again
 * on the same port and data.
 *
 * Run as root, the server's script switches to the `rabbitmq` user, so the folder is handed to
 * it. Stopping is `rabbitmqctl stop` (an orderly shutdown) or SIGKILL to the Erlang VM (a
 * crash); either way the test waits until the VM has exited, and remove() kills whatever of its
 * own is left by pid. epmd, the Erlang port mapper, is shared by every node on the machine (the
 * machine's own RabbitMQ uses it too) and is left running.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from 'rabbitmq-client';
import { logTail } from '../../infra/helpers/log-tail.js';
import { freePort } from '../../infra/helpers/ports.js';

const run = promisify(execFile);
let started = 0;

export class PrivateRabbit {
  readonly dir = mkdtempSync(join(tmpdir(), 'outrigger-rabbitmq-'));
  readonly node = `outrigger-test-${process.pid}-${++started}@localhost`;
  #child: ChildProcess | undefined;
  /** How long the last start took until the server accepted AMQP connections. */
  lastStartMs = 0;

  private constructor(
    readonly port: number,
    readonly distPort: number,
  ) {}

  static async start(): Promise<PrivateRabbit> {
    const server = new PrivateRabbit(await freePort(), await freePort());
    try {
      server.#prepare();
      await server.start();
    } catch (err) {
      // Nobody else holds the server to remove its folder; the error carries the logs' ends.
      await server.remove();
      throw err;
    }
    return server;
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same ports and data; resolves once it accepts an AMQP connection. */
  async start(): Promise<void> {
    const begun = Date.now();
    const log = openSync(join(this.dir, 'server.out'), 'a');
    // Its own process group, so that remove() can signal the whole tree it started.
    const child = spawn('rabbitmq-server', [], { cwd: this.dir, env: { ...process.env, ...this.#env() }, stdio: ['ignore', log, log], detached: true });
    this.#child = child;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`rabbitmq-server (${this.node}) exited with ${child.exitCode}; ${this.#logs()}`);
      if (await answers(this.url)) break;
      if (Date.now() > deadline) throw new Error(`rabbitmq-server (${this.node}) did not accept connections on port ${this.port} within 90 s; ${this.#logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.lastStartMs = Date.now() - begun;
  }

  /** `orderly`: rabbitmqctl stop; `crash`: SIGKILL to the Erlang VM. Waits until the server process has exited. */
  async stop(how: 'orderly' | 'crash' = 'orderly'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (how === 'crash') killPid(this.#vmPid(), 'SIGKILL');
    else await run('rabbitmqctl', ['-n', this.node, 'stop'], { env: { ...process.env, ...this.#env() }, timeout: 60_000 });
    const timedOut = await Promise.race([exited.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 30_000))]);
    if (timedOut === true) this.#killGroup(child);
  }

  /**
   * Stops the Ra server of the quorum queue `queue` (vhost /), the queue's only member on this
   * node: the queue stays declared, and a publish routed to it is answered with nothing at all.
   */
  async stopQueueMember(queue: string): Promise<void> {
    const expression = `{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<"/">>, queue, <<"${queue}">>)), {Name, _} = amqqueue:get_pid(Q), ok = ra:stop_server(quorum_queues, {Name, node()}).`;
    await run('rabbitmqctl', ['-n', this.node, 'eval', expression], { env: { ...process.env, ...this.#env() }, timeout: 60_000 });
  }

  /** Stops the server (killing what is left of it) and deletes its folder. */
  async remove(): Promise<void> {
    const child = this.#child;
    await this.stop('orderly').catch(() => undefined);
    if (child !== undefined) this.#killGroup(child);
    killPid(this.#vmPid(), 'SIGKILL');
    if (process.env.OUTRIGGER_KEEP_RABBIT_DIR === undefined) rmSync(this.dir, { recursive: true, force: true });
  }

  #prepare(): void {
    mkdirSync(join(this.dir, 'mnesia'));
    mkdirSync(join(this.dir, 'log'));
    writeFileSync(join(this.dir, 'enabled_plugins'), '');
    writeFileSync(join(this.dir, 'rabbitmq.conf'), [`listeners.tcp.default = ${this.port}`, 'loopback_users = none', ''].join('\n'));
    if (process.getuid?.() === 0) handToRabbitmqUser(this.dir);
  }

  /** What the server printed (a boot failure's reason) and the end of the node's own log. */
  #logs(): string {
    return `${logTail(join(this.dir, 'server.out'))}\n${logTail(join(this.dir, 'log', `${this.node}.log`))}`;
  }

  #env(): Record<string, string> {
    const d = this.dir;
    return {
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_MNESIA_BASE: join(d, 'mnesia'),
      RABBITMQ_LOG_BASE: join(d, 'log'),
      RABBITMQ_PID_FILE: join(d, 'pid'),
      RABBITMQ_FEATURE_FLAGS_FILE: join(d, 'feature_flags'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(d, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(d, 'rabbitmq.conf'),
      ERL_CRASH_DUMP: join(d, 'erl_crash.dump'),
    };
  }

  /** The Erlang VM's pid, which the server writes to its pid file once it runs. */
  #vmPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dir, 'pid'), 'utf8').trim());
      return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  #killGroup(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function killPid(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

async function answers(url: string): Promise<boolean> {
  const connection = new Connection({ url, retryLow: 100, retryHigh: 100, connectionTimeout: 1000 });
  connection.on('error', () => undefined);
  try {
    await connection.onConnect(1500);
    await connection.close();
    return true;
  } catch {
    connection.unsafeDestroy();
    return false;
  }
}

function handToRabbitmqUser(dir: string): void {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('rabbitmq:'));
  const [, , uid, gid] = passwd?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, the rabbitmq-server script switches to the rabbitmq user, which does not exist here');
  chmodSync(dir, 0o755);
  for (const path of [dir, join(dir, 'mnesia'), join(dir, 'log'), join(dir, 'enabled_plugins'), join(dir, 'rabbitmq.conf')]) chownSync(path, Number(uid), Number(gid));
}
