/**
 * Consume over gRPC against the built daemon: credits, release on disconnect, settlement,
 * topic subscriptions consumed by name with no app port, and stream checkpoints.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumeSession } from '../infra/helpers/consume-client.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { grpcClients, type GrpcClients } from '../infra/helpers/grpc.js';

const run = randomUUID().slice(0, 8);
const topic = `orders-${run}`;
const pullSubscription = `order-pull-${run}`;
const stream = `ticks-${run}`;

let daemon: RunningDaemon;
let clients: GrpcClients;
const sessions: ConsumeSession[] = [];

beforeAll(async () => {
  daemon = await startDaemon({
    config: {
      app: { id: 'consumer' },
      development: true,
      topics: { [topic]: {} },
      streams: { [stream]: { partitions: 1 } },
      // No `deliver` and no app.url: consumed over gRPC only.
      subscriptions: [{ name: pullSubscription, from: { topic } }],
    },
  });
  clients = grpcClients(daemon.grpcAddr);
});

afterAll(async () => {
  for (const session of sessions) session.cancel();
  clients?.close();
  await daemon?.stop();
});

function open(subscribe: Record<string, unknown>): ConsumeSession {
  const session = new ConsumeSession(clients, subscribe);
  sessions.push(session);
  return session;
}

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(daemon.url + path, { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } });
}

async function sendCommands(queue: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(((await (await post(`/v1/command/${queue}`, `m${i}`)).json()) as { id: string }).id);
  return ids;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('grpc consume - queues', () => {
  it('consume - with credit 2 and 10 messages, the client never holds more than 2', async () => {
    const queue = `credit-${run}`;
    const ids = await sendCommands(queue, 10);
    const session = open({ queue, maxInFlight: 2 });
    expect(await session.subscribed).toMatchObject({ sourceKind: 'queue', name: queue, maxInFlight: 2 });
    await session.waitFor(() => session.deliveries.length === 2, 'the first two deliveries');
    await pause(300);
    expect(session.deliveries).toHaveLength(2);
    while (session.deliveries.length < 10 || session.outstanding.size > 0) {
      const [oldest] = session.outstanding.keys();
      if (oldest !== undefined) session.ack(oldest);
      const before = session.deliveries.length;
      if (before < 10) await session.waitFor(() => session.deliveries.length > before, 'one more delivery after an ack');
    }
    expect(session.maxOutstanding).toBeLessThanOrEqual(2);
    expect(new Set(session.deliveries.map((d) => d.id))).toEqual(new Set(ids));
    await pause(200);
    const left = (await (await post(`/v1/command/${queue}/receive?max=10`, '')).json()) as unknown[];
    expect(left).toHaveLength(0);
    expect(session.settleFailures).toEqual([]);
  });

  it('consume - a disconnected client gives its deliveries back at once, attempt not counted', async () => {
    const queue = `release-${run}`;
    const ids = await sendCommands(queue, 3);
    const first = open({ queue, maxInFlight: 5 });
    await first.waitFor(() => first.deliveries.length === 3, 'three deliveries');
    first.cancel();
    // The lease is 30 s: only a release explains a redelivery within a few seconds.
    const second = open({ queue, maxInFlight: 5 });
    await second.waitFor(() => second.deliveries.length === 3, 'the released deliveries on another stream', 5_000);
    expect(new Set(second.deliveries.map((d) => d.id))).toEqual(new Set(ids));
    expect(second.deliveries.map((d) => d.attempt)).toEqual([1, 1, 1]);
    // Uncounted, but seen: the client is told it had them before.
    expect(first.deliveries.map((d) => d.redelivered)).toEqual([false, false, false]);
    expect(second.deliveries.map((d) => d.redelivered)).toEqual([true, true, true]);
    second.ack(...second.deliveries.map((d) => d.tag));
    second.end();
    expect((await second.ended).code).toBe(0);
  });

  it('consume - a nack redelivers with the next attempt, a dead-letter nack dead-letters, a stale tag is refused', async () => {
    const queue = `nack-${run}`;
    const [id] = await sendCommands(queue, 1);
    const session = open({ queue, maxInFlight: 1 });
    await session.waitFor(() => session.deliveries.length === 1, 'the delivery');
    const first = session.deliveries[0]!;
    session.nack(first.tag);
    await session.waitFor(() => session.deliveries.length === 2, 'the redelivery');
    const second = session.deliveries[1]!;
    expect(second).toMatchObject({ id, attempt: 2 });
    expect(second.tag).not.toBe(first.tag);
    session.ack(first.tag);
    await session.waitFor(() => session.settleFailures.length === 1, 'the stale tag to be refused');
    expect(session.settleFailures[0]).toEqual({ tag: first.tag, code: 'lease_expired' });
    session.nack(second.tag, { deadLetter: true, reason: 'unparseable' });
    await pause(300);
    const letters = (await (await fetch(`${daemon.url}/v1/deadletter/${queue}`)).json()) as Array<{ id: string; reason: string }>;
    expect(letters).toEqual([expect.objectContaining({ id, reason: 'unparseable' })]);
    session.end();
    expect((await session.ended).code).toBe(0);
  });

  it('consume - a half-closed stream ends cleanly and releases what it held', async () => {
    const queue = `halfclose-${run}`;
    await sendCommands(queue, 1);
    const session = open({ queue, maxInFlight: 1 });
    await session.waitFor(() => session.deliveries.length === 1, 'the delivery');
    session.end();
    expect((await session.ended).code).toBe(0);
    const [again] = (await (await post(`/v1/command/${queue}/receive?max=1&waitMs=3000`, '')).json()) as Array<{ attempt: number }>;
    expect(again).toMatchObject({ attempt: 1 });
  });
});

describe('grpc consume - topics and streams', () => {
  it('consume - a configured topic subscription without deliver is consumed by name', async () => {
    await post(`/v1/publish/${topic}`, 'one', { 'ce-type': 'OrderCreated' });
    await post(`/v1/publish/${topic}`, 'two', { 'ce-type': 'OrderCreated' });
    const session = open({ subscription: pullSubscription, maxInFlight: 10 });
    expect(await session.subscribed).toMatchObject({ sourceKind: 'topic', name: pullSubscription });
    await session.waitFor(() => session.deliveries.length === 2, 'both events');
    expect(session.deliveries.map((d) => d.data.toString())).toEqual(['one', 'two']);
    expect(session.deliveries.every((d) => d.type === 'OrderCreated')).toBe(true);
    session.ack(...session.deliveries.map((d) => d.tag));
    session.end();
    await session.ended;
    const meta = (await (await fetch(`${daemon.url}/v1/meta`)).json()) as { subscriptions: Array<{ name: string; state: string; deliver: unknown }> };
    expect(meta.subscriptions.find((s) => s.name === pullSubscription)).toMatchObject({ state: 'pull', deliver: null });
  });

  it('consume - a stream group checkpoints only the contiguous acked prefix and resumes after it', async () => {
    const group = `g-${run}`;
    for (let i = 0; i < 6; i++) await post(`/v1/stream/${stream}`, `t${i}`);
    const first = open({ stream: { stream, group }, maxInFlight: 10 });
    expect(await first.subscribed).toMatchObject({ sourceKind: 'stream', name: stream, group });
    await first.waitFor(() => first.deliveries.length === 6, 'six events');
    const byOffset = new Map(first.deliveries.map((d) => [d.stream!.offset, d]));
    expect([...byOffset.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // 3 and 5 stay unsettled: the checkpoint may pass 0..2 but not 4.
    first.ack(...[0, 1, 2, 4].map((offset) => byOffset.get(offset)!.tag));
    first.end();
    expect((await first.ended).code).toBe(0);

    const second = open({ stream: { stream, group }, maxInFlight: 10 });
    await second.waitFor(() => second.deliveries.length === 3, 'the events after the checkpoint');
    expect(second.deliveries.map((d) => d.stream!.offset)).toEqual([3, 4, 5]);
    expect(second.deliveries.map((d) => d.data.toString())).toEqual(['t3', 't4', 't5']);
    second.ack(...second.deliveries.map((d) => d.tag));
    second.end();
    await second.ended;

    const third = open({ stream: { stream, group }, maxInFlight: 10 });
    await third.subscribed;
    await pause(500);
    expect(third.deliveries).toHaveLength(0);
    third.end();
    await third.ended;
  });

  it('consume - a nacked stream event comes again before later ones when credit is 1', async () => {
    const ordered = `ordered-${run}`;
    for (let i = 0; i < 3; i++) await post(`/v1/stream/${ordered}`, `o${i}`, { 'outrigger-partition': '0' });
    const session = open({ stream: { stream: ordered, group: 'g' }, maxInFlight: 1 });
    await session.waitFor(() => session.deliveries.length === 1, 'the first event');
    session.nack(session.deliveries[0]!.tag);
    await session.waitFor(() => session.deliveries.length === 2, 'its redelivery');
    expect(session.deliveries[1]).toMatchObject({ attempt: 2, stream: expect.objectContaining({ offset: 0 }) });
    session.ack(session.deliveries[1]!.tag);
    await session.waitFor(() => session.deliveries.length === 3, 'the next event');
    expect(session.deliveries[2]!.stream!.offset).toBe(1);
    session.end();
    await session.ended;
  });
});

describe('grpc consume - bad requests', () => {
  it('consume - a stream that does not start with subscribe, or asks for no credit, is INVALID_ARGUMENT', async () => {
    const noSubscribe = new ConsumeSession(clients, {});
    sessions.push(noSubscribe);
    expect(await noSubscribe.ended).toMatchObject({ code: 3, outriggerCode: 'bad_request' });
    const noCredit = open({ queue: `x-${run}`, maxInFlight: 0 });
    expect(await noCredit.ended).toMatchObject({ code: 3, details: expect.stringContaining('max_in_flight') });
    const tooMuch = open({ queue: `x-${run}`, maxInFlight: 100_000 });
    expect((await tooMuch.ended).code).toBe(3);
    const badName = open({ queue: 'no such queue', maxInFlight: 1 });
    expect(await badName.ended).toMatchObject({ code: 3, outriggerCode: 'invalid_name' });
  });

  it('consume - an unknown subscription is NOT_FOUND, naming the known ones', async () => {
    const session = open({ subscription: `missing-${run}`, maxInFlight: 1 });
    const ended = await session.ended;
    expect(ended).toMatchObject({ code: 5, outriggerCode: 'unknown_resource' });
    expect(ended.details).toContain(pullSubscription);
  });

  it('consume - a second subscribe on one stream ends it with INVALID_ARGUMENT', async () => {
    const session = open({ queue: `twice-${run}`, maxInFlight: 1 });
    await session.subscribed;
    session.write({ subscribe: { queue: `twice-${run}`, maxInFlight: 1 } });
    expect(await session.ended).toMatchObject({ code: 3, outriggerCode: 'bad_request' });
  });
});
