import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../src/core/cloudevents.js';
import { publishBatch } from '../../../src/core/service/batch.js';
import { maxBatchEntries } from '../../../src/core/service/limits.js';
import { OutriggerError } from '../../../src/kernel/errors.js';

const event = (id: string): CloudEvent => ({ id }) as unknown as CloudEvent;

describe('service - batch publish', () => {
  it('refuses more than the batch limit before reading any entry', async () => {
    let read = 0;
    const entries = new Array<string>(maxBatchEntries + 1).fill('x');
    const refused = publishBatch(entries, (id) => (read++, event(id)), async () => []);
    await expect(refused).rejects.toMatchObject({ code: 'payload_too_large', message: `a batch holds at most ${maxBatchEntries} events`, extensions: { limit: maxBatchEntries } });
    expect(read).toBe(0);
  });

  it('publishes the readable entries together and answers every entry by its index', async () => {
    const published: string[][] = [];
    const results = await publishBatch(
      ['a', 'bad', 'c'],
      (id, index) => {
        if (id === 'bad') throw new OutriggerError('bad_request', `entry ${index} is bad`);
        return event(id);
      },
      async (events) => {
        published.push(events.map((e) => e.id));
        return events.map((e) => ({ id: e.id, duplicate: e.id === 'c' }));
      },
    );
    expect(published).toEqual([['a', 'c']]);
    expect(results[0]).toEqual({ index: 0, accepted: { id: 'a', duplicate: false } });
    expect(results[1]).toMatchObject({ index: 1, refused: { code: 'bad_request', message: 'entry 1 is bad' } });
    expect(results[2]).toEqual({ index: 2, accepted: { id: 'c', duplicate: true } });
  });

  it('does not call the broker when no entry is readable', async () => {
    let calls = 0;
    const results = await publishBatch(['x'], () => { throw new Error('unreadable'); }, async () => (calls++, []));
    expect(calls).toBe(0);
    expect(results).toMatchObject([{ index: 0, refused: { code: 'internal' } }]);
  });
});
