/**
 * A real Apache Kafka for tests (TESTING.md): one KRaft node, broker and controller in one JVM,
 * from the jars scripts/fetch-kafka.sh put in .cache/kafka/lib, on free loopback ports with its
 * data in a temp folder. A test may stop it and start it again on the same ports and data.
 *
 * No orphaned JVM: the JVM runs in a process group of its own under a shell watchdog that kills
 * it once the test process is gone, however that process died (vitest kills forks with SIGKILL,
 * which runs no exit handler); stop() and the test process's exit kill the whole group.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Admin } from '@platformatic/kafka';
import { logTail } from '../helpers/log-tail.js';
import { freePort } from '../helpers/ports.js';

const run = promisify(execFile);
/** The repository: the nearest folder up with a package.json (this file also runs compiled, from dist/). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
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
  /** Adds an SSL listener (and SASL_SSL with saslUsers) with a self-signed certificate for 127.0.0.1 (caFile). */
  tls?: boolean;
  /** The JVM's full JIT (C2), for benchmarks; by default only C1, which starts the broker faster. */
  fullJit?: boolean;
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

  /** Listener name → port, PLAINTEXT and CONTROLLER always. */
  readonly #ports: Map<string, number>;

  private constructor(
    ports: Map<string, number>,
    readonly options: KafkaBrokerOptions,
  ) {
    this.#ports = ports;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaTestBroker> {
    const reason = kafkaUnavailable();
    if (reason !== undefined) throw new Error(`cannot start Kafka: ${reason}`);
    const names = ['PLAINTEXT', 'CONTROLLER'];
    if (options.saslUsers !== undefined) names.push('SASL_PLAINTEXT');
    if (options.tls === true) names.push('SSL', ...(options.saslUsers === undefined ? [] : ['SASL_SSL']));
    const ports = new Map<string, number>();
    for (const name of names) ports.set(name, await freePort());
    const broker = new KafkaTestBroker(ports, options);
    try {
      if (options.tls === true) await broker.#certificate();
      await broker.#format();
      await broker.start();
    } catch (err) {
      // Nobody else holds the broker to remove its folder; the error carries the log's end.
      await broker.close();
      throw err;
    }
    return broker;
  }

  get port(): number {
    return this.#ports.get('PLAINTEXT') as number;
  }

  get bootstrap(): string {
    return this.bootstrapOf('PLAINTEXT');
  }

  /** host:port of a listener: PLAINTEXT, SASL_PLAINTEXT, SSL or SASL_SSL. */
  bootstrapOf(listener: string): string {
    const port = this.#ports.get(listener);
    if (port === undefined) throw new Error(`this broker has no ${listener} listener; start it with saslUsers and/or tls`);
    return `127.0.0.1:${port}`;
  }

  /** The PEM certificate the TLS listeners present (self-signed, for 127.0.0.1). */
  get caFile(): string {
    return join(this.dir, 'ca.pem');
  }

  /** Starts (again) on the same ports and data; resolves once the broker serves metadata. */
  async start(): Promise<void> {
    if (this.#process !== undefined) return;
    const started = Date.now();
    const jit = this.options.fullJit === true ? [] : ['-XX:TieredStopAtLevel=1'];
    const java = ['java', '-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', ...jit, '-Xshare:auto', '-cp', `${lib}/*`, 'kafka.Kafka', this.#properties].map(quote).join(' ');
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
        if (child.exitCode !== null) throw new Error(`Kafka exited with ${child.exitCode}; ${logTail(join(this.dir, 'server.log'))}`);
        try {
          const metadata = await admin.metadata({ topics: [] });
          if (metadata.brokers.size > 0) break;
        } catch {
          if (Date.now() > deadline) throw new Error(`Kafka on port ${this.port} did not answer within 60 s; ${logTail(join(this.dir, 'server.log'))}`);
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

  /** The JVM's process id (a child of the watchdog shell), for CPU figures. */
  jvmPid(): number | undefined {
    const shell = this.#process?.pid;
    if (shell === undefined) return undefined;
    const found = spawnSync('pgrep', ['-P', String(shell), 'java'], { encoding: 'utf8' }).stdout.trim();
    return found === '' ? undefined : Number(found.split('\n')[0]);
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
    const sasl = this.options.saslUsers !== undefined;
    const listeners = [...this.#ports].map(([name, port]) => `${name}://127.0.0.1:${port}`);
    const lines = [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${this.#ports.get('CONTROLLER')}`,
      `listeners=${listeners.join(',')}`,
      `advertised.listeners=${listeners.filter((l) => !l.startsWith('CONTROLLER')).join(',')}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      `listener.security.protocol.map=${[...this.#ports.keys()].map((name) => `${name}:${name === 'CONTROLLER' ? 'PLAINTEXT' : name}`).join(',')}`,
      `log.dirs=${data}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=4',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      // A restarted broker registers again only once the controller let its last session expire.
      'broker.session.timeout.ms=2000',
      'broker.heartbeat.interval.ms=500',
      // Quick takeovers in tests: a killed group member's partitions move after its session expires.
      'group.min.session.timeout.ms=1000',
      'auto.create.topics.enable=false',
    ];
    const users = Object.entries(this.options.saslUsers ?? {});
    if (sasl) {
      const plainUsers = users.map(([name, password]) => `user_${name}="${password}"`).join(' ');
      lines.push('sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512');
      for (const listener of ['sasl_plaintext', 'sasl_ssl'].filter((name) => this.#ports.has(name.toUpperCase()))) {
        lines.push(
          `listener.name.${listener}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
          `listener.name.${listener}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
          `listener.name.${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
        );
      }
    }
    if (this.options.tls === true) lines.push(`ssl.keystore.location=${join(this.dir, 'broker.p12')}`, 'ssl.keystore.type=PKCS12', `ssl.keystore.password=${STORE_PASSWORD}`);
    writeFileSync(this.#properties, `${lines.join('\n')}\n`);
    // A cluster id is 16 random bytes in URL-safe base64, what `kafka-storage random-uuid` prints;
    // its first character is made a letter, as an id starting with '-' is read as an option.
    const clusterId = `A${randomBytes(16).toString('base64url').slice(1)}`;
    // SCRAM credentials live in the cluster metadata: written when the storage is formatted.
    const scram = users.flatMap(([name, password]) => ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]));
    await run('java', ['-Xshare:auto', '-cp', `${lib}/*`, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId, '-c', this.#properties, ...scram]);
  }

  /** A self-signed certificate for 127.0.0.1 in a PKCS12 keystore, and its PEM for clients. */
  async #certificate(): Promise<void> {
    const store = ['-keystore', join(this.dir, 'broker.p12'), '-storetype', 'PKCS12', '-storepass', STORE_PASSWORD];
    await run('keytool', ['-genkeypair', '-alias', 'broker', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=127.0.0.1', '-ext', 'SAN=ip:127.0.0.1', '-validity', '2', ...store]);
    await run('keytool', ['-exportcert', '-rfc', '-alias', 'broker', '-file', this.caFile, ...store]);
  }
}

const STORE_PASSWORD = 'outrigger-test';

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
