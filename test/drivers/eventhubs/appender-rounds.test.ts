/**
 * Event Hubs driver - the appender's rounds, step by step, against an in-memory partition (no
 * AMQP): a round's send waits for the callers the last proof answered, so that they share it, and
 * otherwise for the round's read; a read that has finished before the send began is not raced, so
 * a count that is not ours goes straight to the read-back, and every offset stays exact.
 */
import type { EventData, EventHubProducerClient, PartitionProperties, ReceivedEventData } from '@azure/event-hubs';
import { describe, expect, it } from 'vitest';
import { PartitionAppender } from '../../../src/drivers/azure-eventhubs/appender.js';
import { OutriggerError } from '../../../src/kernel/errors.js';

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One partition: a log of message ids, a send and a properties read that take a while. */
function partition(options: { sendMs: number; readMs: number; afterSend?: (ids: string[]) => void }) {
  const log: string[] = [];
  const trace: string[] = [];
  const producer = {
    createBatch: () => {
      const events: EventData[] = [];
      return Promise.resolve({
        events,
        get count() {
          return events.length;
        },
        maxSizeInBytes: 1_000_000,
        tryAdd: (event: EventData) => events.push(event) > 0,
      });
    },
    sendBatch: async (batch: { events: EventData[] }) => {
      const ids = batch.events.map((event) => String(event.messageId));
      trace.push(`send ${ids.join(',')}`);
      await later(options.sendMs);
      log.push(...ids);
      options.afterSend?.(ids);
    },
  };
  const appender = new PartitionAppender({
    producer: producer as unknown as EventHubProducerClient,
    partition: 0,
    properties: async () => {
      // The count is taken when the read arrives, as on the test broker: a send begun after it is not in it.
      const last = log.length - 1;
      trace.push('read');
      await later(options.readMs);
      trace.push(`read done ${last}`);
      return { lastEnqueuedSequenceNumber: last } as PartitionProperties;
    },
    readBack: (from: number, max: number) => Promise.resolve(log.slice(from, from + max).map((messageId, i) => ({ messageId, sequenceNumber: from + i }) as ReceivedEventData)),
    fail: (err) => (err instanceof OutriggerError ? err : new OutriggerError('broker_unavailable', String(err))),
    maxMessageBytes: 1_000_000,
  });
  const append = async (id: string): Promise<number> => ((await appender.append([{ body: Buffer.from(id), messageId: id }])) as [number])[0];
  return { log, trace, appender, append };
}

describe('eventhubs driver - appender rounds', () => {
  it('holds a round\'s send for the callers the last read answered, so that they share it, with exact offsets', async () => {
    const { log, trace, appender, append } = partition({ sendMs: 1, readMs: 30 });
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const firsts = ['a1', 'a2', 'a3'].map((id) => append(id));
    while (!trace.includes('send a1,a2,a3')) await turn();
    // b goes out beside the read that proves the a's; c is pending when the next round begins.
    const b = append('b');
    while (!trace.includes('send b')) await turn();
    const c = append('c');
    // Each a's caller appends again soon after its answer, as it would over HTTP.
    const seconds = firsts.map(async (first, i) => {
      await first;
      await later(i + 1);
      return append(`a${i + 1}-2`);
    });
    const offsets = await Promise.all([...firsts, b, c, ...seconds]);
    await appender.drain();
    // Without the wait, c would go out alone at once and the a's a round later.
    expect(trace).toContain('send c,a1-2,a2-2,a3-2');
    expect(offsets.map((offset) => log[offset])).toEqual(['a1', 'a2', 'a3', 'b', 'c', 'a1-2', 'a2-2', 'a3-2']);
    expect(appender.counts).toMatchObject({ sends: 3, events: 8, ambiguous: 0, readBacks: 0 });
  });

  it('sends once the read is done when the callers do not come back, and reads back a count that is not ours without holding a round', async () => {
    let foreign = false;
    let c: Promise<number> | undefined;
    const parts = partition({
      sendMs: 1,
      readMs: 10,
      afterSend: (ids) => {
        if (ids.includes('b') && !foreign) {
          // Another producer writes right after b, and c arrives alone (b's caller does not come back).
          foreign = true;
          parts.log.push('theirs');
          c = parts.append('c');
        }
      },
    });
    const { log, trace, appender, append } = parts;
    const a = append('a');
    while (!trace.includes('send a')) await new Promise((resolve) => setImmediate(resolve));
    const b = append('b');
    expect(await a).toBe(0);
    expect(await b).toBe(1);
    expect(await (c as Promise<number>)).toBe(3);
    await appender.drain();
    expect(log).toEqual(['a', 'b', 'theirs', 'c']);
    // c waited for the read that proves b (which found 2 new events, not 1) instead of racing it.
    const proving = trace.indexOf('read done 2');
    expect(proving).toBeGreaterThan(-1);
    expect(trace.indexOf('send c')).toBeGreaterThan(proving);
    expect(appender.counts.ambiguous).toBe(0);
    expect(appender.counts.readBacks).toBe(1);
  });
});
