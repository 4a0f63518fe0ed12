/**
 * A real Apache Kafka for tests (TESTING.md): one KRaft node, broker and controller in one JVM,
 * from the jars scripts/fetch-kafka.sh put in .cache/kafka/lib, on free loopback ports with its
 * data in a temp folder. A test may stop it and start it again on the same ports and data.
 *
 * No orphaned JVM: the JVM runs in a process group of its own under a shell watchdog that kills
 * it once the test process is gone, however that process died (vitest kills forks with SIGKILL,
 * which runs no exit handler); stop() and the test process's exit kill the whole group.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Admin } from '@platformatic/kafka';
import { freePort } from '../helpers/ports.js';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const lib = join(root, '.cache/kafka/lib');

/** Why the Kafka tests cannot run on this machine, or undefined when they can. */
export function kafkaUnavailable(): string | undefined {
  const which = (tool: string): boolean => (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool)));
  if (!which('java')) return 'java is not installed (Kafka needs a JDK 17+)';
  if (!existsSync(lib) || !readdirSync(lib).some((name) => name.startsWith('.complete-'))) {
    return which('mvn') ? 'Kafka jars are missing: run scripts/fetch-kafka.sh (npm test does it in pretest)' : 'Maven (mvn) is not installed, so the Kafka jars cannot be fetched';
  }
  return undefined;
}

export interface KafkaBrokerOptions {
  /** Adds a SASL_PLAINTEXT listener with PLAIN and SCRAM-SHA-256/512 and these users (name → password). */
  saslUsers?: Record<string, string>;
}

const live = new Set<KafkaTestBroker>();
process.once('exit', () => {
  for (const broker of live) broker.killNow();
});

export class KafkaTestBroker {
  readonly dir = mkdtempSync(join(tmpdir(), 'outrigger-kafka-'));
  /** How long the last start took, from spawning the JVM to the broker answering metadata. */
  startupMs = 0;
  #process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly controllerPort: number,
    readonly saslPort: number | undefined,
    readonly options: KafkaBrokerOptions,
  ) {}

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaTestBroker> {
    const reason = kafkaUnavailable();
    if (reason !== undefined) throw new Error(`cannot start Kafka: ${reason}`);
    const broker = new KafkaTestBroker(await freePort(), await freePort(), options.saslUsers === undefined ? undefined : await freePort(), options);
    await broker.#format();
    await broker.start();
    return broker;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  get saslBootstrap(): string {
    if (this.saslPort === undefined) throw new Error('this broker has no SASL listener; start it with saslUsers');
    return `127.0.0.1:${this.saslPort}`;
  }

  /** Starts (again) on the same ports and data; resolves once the broker serves metadata. */
  async start(): Promise<void> {
    if (this.#process !== undefined) return;
    const started = Date.now();
    const java = ['java', '-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-cp', `${lib}/*`, 'kafka.Kafka', this.#properties].map(quote).join(' ');
    // The watchdog: while the test process lives, wait; once it is gone, kill the JVM and delete the data.
    const watchdog = `${java} >"${this.dir}/server.log" 2>&1 & jvm=$!; trap 'kill $jvm 2>/dev/null; wait $jvm; exit' TERM INT; while kill -0 ${process.pid} 2>/dev/null && kill -0 $jvm 2>/dev/null; do sleep 1; done; kill $jvm 2>/dev/null; wait $jvm; kill -0 ${process.pid} 2>/dev/null || rm -rf ${quote(this.dir)}`;
    const child = spawn('bash', ['-c', watchdog], { detached: true, stdio: 'ignore' });
    child.unref();
    this.#process = child;
    live.add(this);
    const admin = new Admin({ clientId: 'outrigger-test-harness', bootstrapBrokers: [this.bootstrap], retries: 0, connectTimeout: 500, timeout: 2000 });
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`Kafka exited with ${child.exitCode}; see ${this.dir}/server.log`);
        try {
          const metadata = await admin.metadata({ topics: [] });
          if (metadata.brokers.size > 0) break;
        } catch {
          if (Date.now() > deadline) throw new Error(`Kafka on port ${this.port} did not answer within 60 s; see ${this.dir}/server.log`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (err) {
      this.killNow();
      throw err;
    } finally {
      await admin.close().catch(() => undefined);
    }
    this.startupMs = Date.now() - started;
  }

  /** Stops the broker (SIGTERM: a controlled shutdown, or SIGKILL: a crash), keeping its data. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child === undefined) return;
    const exited = child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve();
    if (signal === 'SIGKILL') signalGroup(child, 'SIGKILL');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    // The JVM may outlive the shell by a moment: make sure the group is gone.
    signalGroup(child, 'SIGKILL');
    live.delete(this);
  }

  /** Stops the broker and deletes its data. */
  async close(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous, for the exit handler. */
  killNow(): void {
    if (this.#process !== undefined) signalGroup(this.#process, 'SIGKILL');
    this.#process = undefined;
    live.delete(this);
  }

  get #properties(): string {
    return join(this.dir, 'server.properties');
  }

  async #format(): Promise<void> {
    const data = join(this.dir, 'data');
    mkdirSync(data);
    const sasl = this.saslPort !== undefined;
    const listeners = [`PLAINTEXT://127.0.0.1:${this.port}`, `CONTROLLER://127.0.0.1:${this.controllerPort}`, ...(sasl ? [`SASL_PLAINTEXT://127.0.0.1:${this.saslPort}`] : [])];
    const lines = [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${this.controllerPort}`,
      `listeners=${listeners.join(',')}`,
      `advertised.listeners=${listeners.filter((l) => !l.startsWith('CONTROLLER')).join(',')}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${sasl ? ',SASL_PLAINTEXT:SASL_PLAINTEXT' : ''}`,
      `log.dirs=${data}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      // Quick takeovers in tests: a killed group member's partitions move after its session expires.
      'group.min.session.timeout.ms=1000',
      'auto.create.topics.enable=false',
    ];
    const users = Object.entries(this.options.saslUsers ?? {});
    if (sasl) {
      const plainUsers = users.map(([name, password]) => `user_${name}="${password}"`).join(' ');
      lines.push(
        'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
        'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      );
    }
    writeFileSync(this.#properties, `${lines.join('\n')}\n`);
    // A cluster id is 16 random bytes in URL-safe base64, what `kafka-storage random-uuid` prints.
    const clusterId = randomBytes(16).toString('base64url');
    // SCRAM credentials live in the cluster metadata: written when the storage is formatted.
    const scram = users.flatMap(([name, password]) => ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]));
    await run('java', ['-Xshare:auto', '-cp', `${lib}/*`, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId, '-c', this.#properties, ...scram]);
  }
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}
