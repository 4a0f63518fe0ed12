/**
 * The appender without a broker: appends of one turn go in one send, at most five sends are out
 * at once, and what arrives meanwhile goes in one send when the first returns; each caller gets
 * its own records' offsets, in order.
 */
import type { Producer } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { Appender } from '../../../src/drivers/kafka/appender.js';
import { toRecord } from '../../../src/drivers/kafka/codec.js';

interface Call {
  messages: { topic: string; partition: number }[];
  answer(): void;
}

/** A producer whose sends are answered when the test says so, each partition's offsets counting up. */
function fakeProducer(): { producer: Producer; calls: Call[] } {
  const calls: Call[] = [];
  const next = new Map<number, number>();
  const producer = {
    send({ messages }: { messages: { topic: string; partition: number }[] }) {
      return new Promise((resolve) => {
        const offsets = new Map<number, number>();
        for (const { partition } of messages) {
          if (!offsets.has(partition)) offsets.set(partition, next.get(partition) ?? 0);
          next.set(partition, (next.get(partition) ?? 0) + 1);
        }
        calls.push({ messages, answer: () => resolve({ offsets: [...offsets].map(([partition, offset]) => ({ topic: 't', partition, offset: BigInt(offset) })) }) });
      });
    },
  } as unknown as Producer;
  return { producer, calls };
}

const record = (partition: number) => toRecord('t', partition, { id: 'e', headers: {}, data: new Uint8Array(1) }, undefined);
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('kafka appender', () => {
  it('appender - one send per turn, at most five out; later appends wait and go together, each answered with its own offsets', async () => {
    const { producer, calls } = fakeProducer();
    const appender = new Appender(producer);
    const answers: Promise<number[]>[] = [];
    answers.push(appender.append([record(0)]), appender.append([record(0), record(1)]));
    await turn();
    expect(calls.map((call) => call.messages.length)).toEqual([3]);
    for (let i = 0; i < 6; i++) {
      answers.push(appender.append([record(0)]));
      await turn();
    }
    // Five out; the last two appends wait.
    expect(calls.map((call) => call.messages.length)).toEqual([3, 1, 1, 1, 1]);
    calls[0]?.answer();
    await turn();
    await turn();
    expect(calls.map((call) => call.messages.length)).toEqual([3, 1, 1, 1, 1, 2]);
    for (const call of calls.slice(1)) call.answer();
    expect(await Promise.all(answers)).toEqual([[0], [1, 0], [2], [3], [4], [5], [6], [7]]);
    await appender.drain();
  });
});
