/**
 * Consumer-group members in separate processes, so that one can die without a goodbye: two
 * members split the partitions; when one is killed (SIGKILL: no close, its claims stay until they
 * expire), the other takes its partitions over from their checkpoints and nothing is lost; a new
 * member started after both are gone resumes from the checkpoints without repeating anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventHubsDriver, type EventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';
import { EventHubsTestBroker } from '../../infra/eventhubs-broker/broker.js';
import { startAzuriteBlob, type RunningAzurite } from '../../infra/helpers/azurite.js';
import { eventually, sleep } from '../../conformance/support.js';

const register = fileURLToPath(new URL('../../conformance/embedded-process/register.mjs', import.meta.url));
const childScript = fileURLToPath(new URL('./driver-child.ts', import.meta.url));

interface Member {
  proc: ChildProcess;
  /** [partition, offset, n] per processed event, in order. */
  got: Array<[number, number, number]>;
  owned: number[];
  ready: Promise<void>;
  stderr(): string;
}

let broker: EventHubsTestBroker;
let azurite: RunningAzurite;
let driver: EventHubsDriver;
const members: Member[] = [];
const settings = (): Record<string, unknown> => ({
  connectionString: broker.connectionString,
  checkpointStorage: azurite.connectionString,
  loadBalancingIntervalMs: 300,
  ownershipExpiryMs: 2000,
});

function member(stream: string, group: string): Member {
  const proc = spawn(process.execPath, ['--no-warnings', '--import', register, childScript, JSON.stringify({ settings: settings(), stream, group })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let buffered = '';
  let markReady: () => void = () => undefined;
  const m: Member = { proc, got: [], owned: [], ready: new Promise((resolve) => (markReady = resolve)), stderr: () => stderr };
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, end)) as { ready?: true; got?: Array<[number, number, number]>; owned?: number[] };
      buffered = buffered.slice(end + 1);
      if (line.ready) markReady();
      if (line.got) m.got.push(...line.got);
      if (line.owned) m.owned = line.owned;
    }
  });
  members.push(m);
  return m;
}

const numbers = (...ms: Member[]): number[] => ms.flatMap((m) => m.got.map(([, , n]) => n)).sort((a, b) => a - b);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  broker = await EventHubsTestBroker.start();
  azurite = await startAzuriteBlob();
  driver = await createEventHubsDriver({ name: 'eh', settings: settings(), dataDir: '.' });
  await driver.connect();
});

afterAll(async () => {
  for (const m of members) m.proc.kill('SIGKILL');
  await driver?.close();
  await broker?.stop();
  await azurite?.stop();
});

async function append(stream: string, from: number, to: number): Promise<void> {
  await driver.streams.append(
    stream,
    range(from, to).map((n) => ({ id: `ev-${n}`, headers: {}, data: new TextEncoder().encode(JSON.stringify({ n })), partition: n % 4 })),
  );
}

describe('eventhubs consumer groups across processes', () => {
  it('two members split the partitions; when one dies the other takes over from its checkpoints; a restart repeats nothing', async () => {
    const stream = `grp-${randomUUID().slice(0, 8)}`;
    broker.createHub(stream, 4);
    const one = member(stream, 'workers');
    await one.ready;
    expect(await eventually(() => one.owned.length === 4, 15_000), one.stderr()).toBe(true);
    const two = member(stream, 'workers');
    await two.ready;
    expect(await eventually(() => one.owned.length === 2 && two.owned.length === 2, 15_000), two.stderr()).toBe(true);
    expect([...one.owned, ...two.owned].sort()).toEqual([0, 1, 2, 3]);

    await append(stream, 1, 40);
    expect(await eventually(() => numbers(one, two).length >= 40, 15_000)).toBe(true);
    expect(numbers(one, two)).toEqual(range(1, 40));
    const ownedByOne = new Set(one.owned);
    expect(one.got.every(([p]) => ownedByOne.has(p))).toBe(true);
    expect(two.got.every(([p]) => !ownedByOne.has(p))).toBe(true);

    // Dies without a goodbye: its claims stay until they expire.
    one.proc.kill('SIGKILL');
    await append(stream, 41, 60);
    expect(await eventually(() => two.owned.length === 4, 20_000), two.stderr()).toBe(true);
    expect(await eventually(() => numbers(one, two).filter((n) => n > 40).length >= 20, 15_000)).toBe(true);
    // Every event checkpointed by the dead member stays done: nothing before 41 comes again.
    expect(numbers(one, two)).toEqual(range(1, 60));

    two.proc.kill('SIGTERM');
    await new Promise((resolve) => two.proc.once('exit', resolve));
    await append(stream, 61, 64);
    const three = member(stream, 'workers');
    await three.ready;
    expect(await eventually(() => three.got.length >= 4, 20_000), three.stderr()).toBe(true);
    await sleep(300);
    expect(numbers(three)).toEqual(range(61, 64));
    expect((await driver.streams.lag(stream, 'workers')).map((l) => l.lag)).toEqual([0, 0, 0, 0]);
  });
});
