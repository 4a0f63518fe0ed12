import { describe, expect, it } from 'vitest';
import { ConsumeSession, type SessionClient } from '../../src/core/consume/session.js';
import type { Consumer, ConsumerNack } from '../../src/core/consume/types.js';
import { OutriggerError } from '../../src/kernel/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';

function fixture() {
  const calls: string[] = [];
  const consumer: Consumer = {
    info: { kind: 'queue', name: 'jobs', maxDeliveries: 5, label: 'queue:jobs' },
    outstanding: 0,
    async ack(tag) {
      calls.push(`ack ${tag}`);
      if (tag === 9) throw new OutriggerError('lease_expired', `tag ${tag} is not held`);
    },
    async nack(tag, options: ConsumerNack) {
      calls.push(`nack ${tag} ${JSON.stringify(options)}`);
    },
    async drain(deadline) {
      calls.push(`drain ${deadline}`);
    },
    async close() {
      calls.push('close');
    },
  };
  const failures: Array<[number, string]> = [];
  const client: SessionClient = { deliver: () => undefined, settleFailed: (tag, error) => failures.push([tag, error.code]) };
  let drain: ((deadline: number) => Promise<void>) | undefined;
  let registered = false;
  const session = new ConsumeSession(consumer, client, { metrics: new Metrics(), logger: createLogger('error') }, (d) => {
    drain = d;
    registered = true;
    return () => (registered = false);
  });
  return { session, calls, failures, drain: (deadline: number) => drain!(deadline), registered: () => registered };
}

describe('consume session', () => {
  it('settles by tag and reports a failed settlement for its tag without ending', async () => {
    const { session, calls, failures } = fixture();
    session.ack([1, 9]);
    session.nack(2, { deadLetter: true });
    session.refuse(3, new OutriggerError('bad_request', 'unreadable nack'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['ack 1', 'ack 9', 'nack 2 {"deadLetter":true}']);
    expect(failures).toEqual([
      [3, 'bad_request'],
      [9, 'lease_expired'],
    ]);
    expect(session.stopReason).toBeUndefined();
  });

  it('ends with the reason it is given, and closing gives deliveries back and forgets the session', async () => {
    const { session, calls, registered } = fixture();
    session.end(new OutriggerError('bad_request', 'not an ack or a nack'));
    await session.ended;
    expect(session.stopReason).toMatchObject({ code: 'bad_request' });
    await session.close();
    expect(calls).toEqual(['close']);
    expect(registered()).toBe(false);
  });

  it('at shutdown lets the client settle until the deadline, then ends as shutting_down', async () => {
    const { session, calls, drain } = fixture();
    await drain(1234);
    await session.ended;
    expect(calls).toEqual(['drain 1234']);
    expect(session.stopReason).toMatchObject({ code: 'shutting_down', retryAfterSeconds: 1 });
  });
});
