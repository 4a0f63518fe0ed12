import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, Driver, OutboundMessage } from '../../../src/drivers/contract.js';
import { decodeReply, decodeRequest, encodeReply, encodeRequest } from '../../../src/core/query/request-reply/envelope.js';
import { ReplyInbox } from '../../../src/core/query/request-reply/reply-inbox.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';

/** A broker with one in-memory queue, enough for the reply loop. */
function memoryDriver(): Driver & { push(message: OutboundMessage): void } {
  const queue: Delivery[] = [];
  let wake: (() => void) | undefined;
  let n = 0;
  return {
    kind: 'memory',
    capabilities: {} as Driver['capabilities'],
    connect: async () => undefined,
    isConnected: () => true,
    close: async () => undefined,
    queues: { ensureQueue: async () => undefined, send: async () => [] },
    inboxes: {
      async receive(_ref, options) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            options.signal?.addEventListener('abort', () => resolve(), { once: true });
            setTimeout(resolve, options.waitMs);
          });
        }
        return queue.splice(0, options.max);
      },
      ack: async () => undefined,
      nack: async () => undefined,
      renew: async () => 0,
      listDeadLetters: async () => [],
      redrive: async () => 0,
      depth: async () => ({ ready: 0, inFlight: 0, deadLettered: 0 }),
    },
    push(message) {
      queue.push({ id: message.id, lease: String(n++), attempt: 1, headers: message.headers, data: message.data, enqueuedAt: 0, leaseExpiresAt: 0 });
      wake?.();
    },
  };
}

const reply = (correlationId: string, status = 200) => encodeReply({ correlationId, status, headers: { 'content-type': 'text/plain' }, body: Buffer.from('ok') }, 'responder', undefined);

let inbox: ReplyInbox | undefined;
afterEach(async () => inbox?.close());

describe('query - request/reply envelope', () => {
  it('round-trips a request and a reply', () => {
    const message = encodeRequest(
      { correlationId: 'c1', replyTo: 'outrigger.replies.shop.abc', method: 'POST', path: '/quote?x=1', headers: { 'content-type': 'application/json', 'set-cookie': ['a', 'b'] }, body: Buffer.from('{}'), deadline: 123 },
      'shop',
      true,
    );
    expect(message).toMatchObject({ id: 'c1', expiresAt: 123, headers: { 'ce-type': 'dev.outrigger.query.request', 'ce-source': 'shop', 'content-type': 'application/json' } });
    expect(decodeRequest(message)).toMatchObject({ correlationId: 'c1', method: 'POST', path: '/quote?x=1', deadline: 123, headers: { 'set-cookie': ['a', 'b'] } });
    expect(decodeReply(reply('c1', 201))).toMatchObject({ correlationId: 'c1', status: 201 });
  });

  it('refuses messages that are not requests, or that would send replies elsewhere', () => {
    const good = encodeRequest({ correlationId: 'c', replyTo: 'outrigger.replies.a.b', method: 'GET', path: '', headers: {}, body: Buffer.alloc(0), deadline: Infinity }, 's', true);
    expect(decodeRequest({ headers: {}, data: Buffer.alloc(0) })).toMatch(/not an Outrigger query request/);
    expect(decodeRequest({ ...good, headers: { ...good.headers, 'outrigger-reply-to': 'orders' } })).toMatch(/not an Outrigger reply queue/);
    expect(decodeRequest({ ...good, headers: { ...good.headers, 'outrigger-method': 'GET /x' } })).toMatch(/not an HTTP method/);
    expect(good.expiresAt).toBeUndefined();
  });
});

describe('query - reply inbox', () => {
  it('hands each reply to its waiter, and drops and counts late, duplicate and unknown ones', async () => {
    const driver = memoryDriver();
    const metrics = new Metrics({ processMetrics: false });
    inbox = new ReplyInbox('local', driver, 'shop', metrics, createLogger('silent'));
    expect(inbox.address).toMatch(/^outrigger\.replies\.shop\.[0-9a-f]{12}$/);
    await inbox.start();

    const answered = inbox.expect('a', new AbortController().signal);
    driver.push(reply('a'));
    expect((await answered).status).toBe(200);

    const gaveUp = new AbortController();
    const late = inbox.expect('b', gaveUp.signal);
    gaveUp.abort(new Error('timeout'));
    await expect(late).rejects.toThrow('timeout');

    driver.push(reply('b'));
    driver.push(reply('a'));
    driver.push(reply('zzz'));
    driver.push({ id: 'x', headers: {}, data: Buffer.alloc(0) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const dropped = await metrics.repliesDropped.get();
    expect(Object.fromEntries(dropped.values.map((v) => [v.labels.reason, v.value]))).toEqual({ late: 1, duplicate: 1, unknown: 1, malformed: 1 });
  });
});
