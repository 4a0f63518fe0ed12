/**
 * Event Hubs driver - pipelined appends: many callers at once over every partition, with and
 * without keys, while another producer writes to the same partitions and the broker answers
 * properties reads late (so that a read counts the send running beside it). Every receipt must
 * name the offset where a reader finds that very event, every acknowledged append must be
 * readable, and a key's appends keep their order. The real SDK against the Event Hubs test broker.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppendReceipt, StreamEvent } from '../../../src/drivers/contract.js';
import { PartitionAppender } from '../../../src/drivers/azure-eventhubs/appender.js';
import { createEventHubsDriver, type EventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';
import { EventHubsTestBroker } from '../../infra/eventhubs-broker/broker.js';

let broker: EventHubsTestBroker;
let driver: EventHubsDriver;
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

beforeAll(async () => {
  broker = await EventHubsTestBroker.start({});
  driver = await createEventHubsDriver({ name: 'eh', settings: { connectionString: broker.connectionString }, dataDir: '.' });
  await driver.connect();
});

afterAll(async () => {
  await driver?.close();
  await broker?.stop();
});

interface Outcome {
  receipts: Map<string, AppendReceipt>;
  failures: Map<string, unknown>;
  /** Per caller, its receipts in the order its appends were acknowledged. */
  byCaller: AppendReceipt[][];
}

/** `callers` loops, each appending `each` events one at a time; even callers use their own key. */
async function load(stream: string, callers: number, each: number, between?: (caller: number, i: number) => void): Promise<Outcome> {
  const outcome: Outcome = { receipts: new Map(), failures: new Map(), byCaller: [] };
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const mine: AppendReceipt[] = [];
      outcome.byCaller[caller] = mine;
      for (let i = 0; i < each; i++) {
        between?.(caller, i);
        const id = `c${caller}-${i}`;
        const partitionKey = caller % 2 === 0 ? `key-${caller}` : undefined;
        try {
          const [receipt] = await driver.streams.append(stream, [{ id, headers: {}, data: encode({ caller, i }), ...(partitionKey === undefined ? {} : { partitionKey }) }]);
          outcome.receipts.set(id, receipt as AppendReceipt);
          mine.push(receipt as AppendReceipt);
        } catch (err) {
          outcome.failures.set(id, err);
        }
      }
    }),
  );
  return outcome;
}

/** Every event of every partition, through the driver's reader, by partition then offset. */
async function readAll(stream: string, partitions: number): Promise<Map<number, Map<number, StreamEvent>>> {
  const all = new Map<number, Map<number, StreamEvent>>();
  for (let partition = 0; partition < partitions; partition++) {
    const at = new Map<number, StreamEvent>();
    for (let from = 0; ; ) {
      const page = await driver.streams.read(stream, partition, { from: { kind: 'offset', offset: from }, max: 500 });
      for (const event of page) at.set(event.offset, event);
      if (page.length === 0) break;
      from = (page.at(-1) as StreamEvent).offset + 1;
    }
    all.set(partition, at);
  }
  return all;
}

function expectExact(outcome: Outcome, read: Map<number, Map<number, StreamEvent>>): void {
  for (const [id, receipt] of outcome.receipts) {
    expect(read.get(receipt.partition)?.get(receipt.offset)?.id, `${id} at ${receipt.partition}/${receipt.offset}`).toBe(id);
  }
  // A key's appends, made one after another, are stored in that order on one partition.
  for (const [caller, mine] of outcome.byCaller.entries()) {
    if (caller % 2 !== 0) continue;
    expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
    for (let i = 1; i < mine.length; i++) expect((mine[i] as AppendReceipt).offset).toBeGreaterThan((mine[i - 1] as AppendReceipt).offset);
  }
}

describe('eventhubs driver - pipelined appends', () => {
  it('gives every one of many concurrent callers the exact offset of its event, on every partition', async () => {
    const stream = `h-${randomUUID().slice(0, 8)}`;
    broker.createHub(stream, 4);
    const outcome = await load(stream, 32, 25);
    expect(outcome.failures.size).toBe(0);
    expect(outcome.receipts.size).toBe(800);
    const read = await readAll(stream, 4);
    expect([...read.values()].reduce((sum, at) => sum + at.size, 0)).toBe(800);
    expectExact(outcome, read);
  });

  it('keeps offsets exact when reads count the send beside them and another producer writes meanwhile', async () => {
    const stream = `h-${randomUUID().slice(0, 8)}`;
    broker.createHub(stream, 4);
    const appenders = vi.spyOn(PartitionAppender.prototype, 'append');
    broker.delayManagement(15);
    try {
      const outcome = await load(stream, 24, 20, (caller, i) => {
        if (caller === 1 && i % 3 === 0) broker.append(stream, String(i % 4), [`theirs-${i}-a`, `theirs-${i}-b`]);
      });
      expect(outcome.failures.size).toBe(0);
      expect(outcome.receipts.size).toBe(480);
      const counts = [...new Set(appenders.mock.contexts as PartitionAppender[])].map((appender) => appender.counts);
      // Both ways of settling a count that is not ours alone were taken.
      expect(counts.reduce((sum, c) => sum + c.ambiguous, 0)).toBeGreaterThan(0);
      expect(counts.reduce((sum, c) => sum + c.readBacks, 0)).toBeGreaterThan(0);
      expectExact(outcome, await readAll(stream, 4));
    } finally {
      broker.delayManagement(0);
      appenders.mockRestore();
    }
  });

  it('fails the appends whose offsets a failed read could not prove, and gives exact offsets again after it', async () => {
    const stream = `h-${randomUUID().slice(0, 8)}`;
    broker.createHub(stream, 2);
    let failed = 0;
    const outcome = await load(stream, 16, 20, (caller, i) => {
      if (caller === 1 && i % 6 === 3 && failed < 3) {
        failed++;
        broker.failPartitionReads(1);
      }
    });
    broker.failPartitionReads(0);
    expect(outcome.failures.size).toBeGreaterThan(0);
    expect(outcome.receipts.size + outcome.failures.size).toBe(320);
    const read = await readAll(stream, 2);
    // The failed ones were stored (a retry may duplicate, never lose); every receipt still names its event.
    expect([...read.values()].reduce((sum, at) => sum + at.size, 0)).toBe(320);
    expectExact(outcome, read);
  });

  it('fails only the appends whose send was refused; every acknowledged one is readable at its offset', async () => {
    const stream = `h-${randomUUID().slice(0, 8)}`;
    broker.createHub(stream, 2);
    let refused = 0;
    const outcome = await load(stream, 16, 20, (caller, i) => {
      if (caller === 0 && i % 5 === 2 && refused < 3) {
        refused++;
        broker.rejectSends(1, { condition: 'com.microsoft:argument-error' });
      }
    });
    expect(outcome.failures.size).toBeGreaterThan(0);
    expect(outcome.receipts.size + outcome.failures.size).toBe(320);
    const read = await readAll(stream, 2);
    // A refused send stored nothing: exactly the acknowledged events are there.
    expect([...read.values()].reduce((sum, at) => sum + at.size, 0)).toBe(outcome.receipts.size);
    expectExact(outcome, read);
  });
});
