/**
 * Ordered topic subscriptions on Kafka, against a real Apache Kafka: a partition hands out one
 * event at a time, and a failed one is retried in place (the partition waits, order kept) while
 * other partitions flow; after maxDeliveries it goes to `<subscription>.dlq` and the partition
 * moves on. The committed offset never passes an event that is not settled.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import type { KafkaDriver } from '../../../src/drivers/kafka/index.js';
import { partitionForKey } from '../../../src/drivers/kafka/partition-key.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { openDriver } from './support.js';

const unavailable = kafkaUnavailable();

/** Two keys that land on different partitions of a two-partition topic. */
function keysApart(): [string, string] {
  const first = 'key-0';
  for (let i = 1; ; i++) if (partitionForKey(`key-${i}`, 2) !== partitionForKey(first, 2)) return [first, `key-${i}`];
}

describe.skipIf(unavailable !== undefined)(`kafka ordered subscriptions${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;
  let driver: KafkaDriver;

  beforeAll(async () => {
    broker = await KafkaTestBroker.start();
    driver = await openDriver(broker.bootstrap);
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await broker?.close();
  });

  async function receive(ref: InboxRef, waitMs = 0): Promise<Delivery[]> {
    return driver.inboxes.receive(ref, { max: 10, waitMs, leaseMs: 30_000 });
  }

  it('ordered - a failed event is retried in place after its backoff while later events of its partition wait and other partitions flow; after maxDeliveries it is dead-lettered and the partition moves on', async () => {
    const topic = `ko-${randomUUID().slice(0, 8)}`;
    const subscription = `${topic}-sub`;
    const ref: InboxRef = { kind: 'subscription', topic, subscription };
    // A stream and a topic are both a Kafka topic: this one gets two partitions.
    await driver.streams.ensureStream(topic, { partitions: 2, retentionMs: 3_600_000 });
    await driver.topics.ensureSubscription(topic, subscription, { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0, ordered: true });
    const [a, b] = keysApart();
    const event = (id: string, key: string) => ({ id, orderingKey: key, headers: { 'ce-type': 'T' }, data: new TextEncoder().encode(id) });
    await driver.topics.publish(topic, [event('a1', a), event('a2', a), event('a3', a), event('b1', b), event('b2', b)]);
    const partitionA = partitionForKey(a, 2);

    // One event per partition at a time.
    let got = await receive(ref, 10_000);
    if (got.length < 2) got = [...got, ...(await receive(ref, 10_000))];
    expect(got.map((d) => d.id).sort()).toEqual(['a1', 'b1']);
    const first = got.find((d) => d.id === 'a1') as Delivery;
    await driver.inboxes.nack(ref, first.lease, { retryAfterMs: 1500 });
    await driver.inboxes.ack(ref, (got.find((d) => d.id === 'b1') as Delivery).lease);

    // a1 waits out its backoff; a2 does not overtake it; b2 flows.
    const during = await receive(ref, 300);
    expect(during.map((d) => d.id)).toEqual(['b2']);
    await driver.inboxes.ack(ref, (during[0] as Delivery).lease);
    expect((await receive(ref, 200)).map((d) => d.id)).toEqual([]);

    // The committed offset of a1's partition has not passed a1.
    const lagA = (await driver.streams.lag(topic, subscription)).find((p) => p.partition === partitionA);
    expect(lagA).toMatchObject({ checkpoint: null, lag: 3 });

    // Delivered again in place, attempt by attempt, then dead-lettered.
    const again = await receive(ref, 5000);
    expect(again.map((d) => [d.id, d.attempt])).toEqual([['a1', 2]]);
    await driver.inboxes.nack(ref, (again[0] as Delivery).lease, { retryAfterMs: 0 });
    const last = await receive(ref, 5000);
    expect(last.map((d) => [d.id, d.attempt])).toEqual([['a1', 3]]);
    await driver.inboxes.nack(ref, (last[0] as Delivery).lease, { retryAfterMs: 0 });

    // The partition moves on, in order.
    const next = await receive(ref, 5000);
    expect(next.map((d) => [d.id, d.attempt])).toEqual([['a2', 1]]);
    await driver.inboxes.ack(ref, (next[0] as Delivery).lease);
    const third = await receive(ref, 5000);
    expect(third.map((d) => d.id)).toEqual(['a3']);
    await driver.inboxes.ack(ref, (third[0] as Delivery).lease);

    const letters = await driver.inboxes.listDeadLetters(ref, { limit: 10 });
    expect(letters.map((letter) => [letter.id, letter.attempts, letter.reason])).toEqual([['a1', 3, 'max_deliveries_exceeded']]);
    expect((await driver.streams.lag(topic, subscription)).map((p) => p.lag)).toEqual([0, 0]);
    // Retried in place: nothing went through the retry topic.
    expect((await driver.streams.partitions(`${subscription}.retry`)).map((p) => p.nextOffset)).toEqual([0]);
  }, 60_000);

  it('ordered - a lease that runs out is retried in place too, and a release hands the event back without counting it', async () => {
    const topic = `ko-${randomUUID().slice(0, 8)}`;
    const subscription = `${topic}-sub`;
    const ref: InboxRef = { kind: 'subscription', topic, subscription };
    await driver.topics.ensureTopic(topic);
    await driver.topics.ensureSubscription(topic, subscription, { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0, ordered: true });
    const event = (id: string) => ({ id, orderingKey: 'k', headers: { 'ce-type': 'T' }, data: new TextEncoder().encode(id) });
    await driver.topics.publish(topic, [event('e1'), event('e2')]);

    const leased = await driver.inboxes.receive(ref, { max: 10, waitMs: 10_000, leaseMs: 200 });
    expect(leased.map((d) => [d.id, d.attempt])).toEqual([['e1', 1]]);
    const expired = await receive(ref, 5000);
    expect(expired.map((d) => [d.id, d.attempt])).toEqual([['e1', 2]]);
    await driver.inboxes.nack(ref, (expired[0] as Delivery).lease, { release: true });
    const released = await receive(ref, 5000);
    expect(released.map((d) => [d.id, d.attempt])).toEqual([['e1', 2]]);
    await driver.inboxes.ack(ref, (released[0] as Delivery).lease);
    expect((await receive(ref, 5000)).map((d) => d.id)).toEqual(['e2']);
  }, 60_000);
});
