/**
 * What the Redis driver's send path costs Redis, without HTTP or the daemon: the built driver
 * publishes batches to a topic with one subscription on a redis-server of the tool's own (a free
 * port, no persistence, like the machine's), 32 callers at once, and node-redis XADDs the same
 * fields directly for comparison.
 *   node dist/bench/tools/redis-send-cost.js time [seconds=5] [driver module ...]
 *     per message: Redis's CPU (/proc), the time Redis accounts to the commands (INFO
 *     commandstats), this process's CPU (the driver and node-redis); three rounds, alternating.
 *   node dist/bench/tools/redis-send-cost.js callgrind [batches=100] [driver module ...]
 *     redis-server under valgrind's callgrind, a server per variant: the instructions Redis
 *     runs per message, which other processes' load does not move (CPU time on a shared machine
 *     does); the dump (`/tmp/redis-send-cost/`) shows where they go (callgrind_annotate).
 * Batches of 100. Driver module: default this build's dist/src/drivers/redis/index.js; give
 * another build's to compare.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import { freePort } from '../lib/free-port.js';

interface Driver {
  connect(): Promise<void>;
  close(): Promise<void>;
  topics: {
    ensureSubscription(topic: string, subscription: string, settings: object): Promise<void>;
    publish(topic: string, messages: object[]): Promise<unknown[]>;
  };
}

interface Variant {
  name: string;
  open(url: string): Promise<{ batch(): Promise<void>; close(): Promise<void> }>;
}

const [mode = 'time', amount, ...given] = process.argv.slice(2);
const modules = given.length > 0 ? given : [new URL('../../src/drivers/redis/index.js', import.meta.url).pathname];
const callers = 32;
const size = 100;
const body = Buffer.from(`{"run":"cost","sentNs":"0","pad":"${'x'.repeat(200)}"}`);
const headers = (id: string): Record<string, string> => ({ 'content-type': 'application/json', 'ce-type': 'Bench', 'ce-source': 'bench', 'ce-specversion': '1.0', 'ce-id': id });
const dumpDir = '/tmp/redis-send-cost';
const round2 = (n: number): number => Math.round(n * 100) / 100;
let n = 0;

const direct: Variant = {
  name: 'direct XADD',
  async open(url) {
    const client = createClient({ url, socket: { noDelay: true } });
    await client.connect();
    const fields = (id: string): (string | Buffer)[] => ['id', id, 'data', body, ...Object.entries(headers(id)).flat()];
    return {
      batch: async () => {
        await Promise.all(Array.from({ length: size }, () => client.sendCommand(['XADD', 'direct', '*', ...fields(`m${n++}`)])));
      },
      close: () => client.close(),
    };
  },
};

const driverVariant = (module: string): Variant => ({
  name: module,
  async open(url) {
    const { createRedisDriver } = (await import(pathToFileURL(module).href)) as { createRedisDriver(options: object): Promise<Driver> };
    const driver = await createRedisDriver({ name: 'cost', settings: { url, keyPrefix: `${n++}:` }, dataDir: '.' });
    await driver.connect();
    await driver.topics.ensureSubscription('t', 'stored', { maxDeliveries: 5, leaseMs: 60_000, dedupWindowMs: 600_000 });
    const messages = (): object[] =>
      Array.from({ length: size }, () => {
        const id = `m${n++}`;
        return { id, headers: headers(id), data: body };
      });
    return { batch: async () => void (await driver.topics.publish('t', messages())), close: () => driver.close() };
  },
});

async function startServer(wrap: string[]): Promise<{ child: ChildProcess; pid: number; url: string; admin: { sendCommand(args: string[]): Promise<unknown>; close(): Promise<void> } }> {
  const port = await freePort();
  const args = ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  const [command, ...rest] = [...wrap, ...args];
  const child = spawn(command!, rest, { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const admin = createClient({ url, socket: { reconnectStrategy: false } });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      const pid = Number(/process_id:(\d+)/.exec(String(await admin.sendCommand(['INFO', 'server'])))?.[1]);
      return { child, pid, url, admin };
    } catch (err) {
      if (tries > 300) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs `batch` from 32 callers until `more` says stop; returns the messages written. */
async function drive(batch: () => Promise<void>, more: (written: number) => boolean): Promise<number> {
  let written = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (more(written)) {
        written += size;
        await batch();
      }
    }),
  );
  return written;
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function timed(variants: Variant[], seconds: number): Promise<void> {
  const server = await startServer([]);
  try {
    const opened = await Promise.all(variants.map(async (v) => ({ name: v.name, ...(await v.open(server.url)) })));
    for (let round = 1; round <= 3; round++) {
      for (const variant of opened) {
        await server.admin.sendCommand(['CONFIG', 'RESETSTAT']);
        const ticks = cpuTicks(server.pid);
        const own = process.cpuUsage();
        const started = performance.now();
        const until = started + seconds * 1000;
        const messages = await drive(variant.batch, () => performance.now() < until);
        const elapsed = (performance.now() - started) / 1000;
        const client = process.cpuUsage(own);
        const stats = String(await server.admin.sendCommand(['INFO', 'commandstats']));
        // Commands a script runs are counted under their own names too: the script's time holds theirs.
        const usec = (name: string): number => Number(new RegExp(`^cmdstat_${name}:calls=\\d+,usec=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
        const figures = {
          rate: Math.round(messages / elapsed),
          redisCpuUs: round2(((cpuTicks(server.pid) - ticks) * 10_000) / messages),
          redisCommandUs: round2((usec('evalsha') + usec('eval') || usec('xadd')) / messages),
          clientCpuUs: round2((client.user + client.system) / messages),
        };
        console.log(`round ${round} ${variant.name}: ${JSON.stringify(figures)}`);
      }
    }
    for (const variant of opened) await variant.close();
  } finally {
    await server.admin.close().catch(() => undefined);
    server.child.kill('SIGTERM');
  }
}

async function instructions(variant: Variant, batches: number): Promise<void> {
  mkdirSync(dumpDir, { recursive: true });
  const server = await startServer(['valgrind', '--tool=callgrind', `--callgrind-out-file=${dumpDir}/callgrind.out.%p`]);
  try {
    const opened = await variant.open(server.url);
    await drive(opened.batch, (written) => written < callers * size);
    execFileSync('callgrind_control', ['-z', String(server.pid)]);
    const messages = await drive(opened.batch, (written) => written < batches * size);
    execFileSync('callgrind_control', ['-d', 'measured', String(server.pid)]);
    await opened.close();
    const dump = readdirSync(dumpDir)
      .filter((f) => f.startsWith(`callgrind.out.${server.pid}.`))
      .sort()
      .at(-1)!;
    const total = Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(`${dumpDir}/${dump}`, 'utf8'))?.[1]);
    console.log(`${variant.name}: ${Math.round(total / messages)} instructions per message in Redis (${messages} messages, ${dumpDir}/${dump})`);
  } finally {
    await server.admin.close().catch(() => undefined);
    server.child.kill('SIGTERM');
  }
}

const variants = [direct, ...modules.map(driverVariant)];
if (mode === 'callgrind') for (const variant of variants) await instructions(variant, Number(amount ?? 100));
else await timed(variants, Number(amount ?? 5));
