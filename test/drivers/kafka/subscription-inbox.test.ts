/**
 * The Kafka subscription inbox against a real Apache Kafka, for what the conformance suite
 * cannot see: what the inbox leaves behind on a partition it keeps holding.
 */
import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxRef, StreamOperations } from '../../../src/drivers/contract.js';
import type { KafkaDriver } from '../../../src/drivers/kafka/index.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { openDriver } from './support.js';

const unavailable = kafkaUnavailable();

describe.skipIf(unavailable !== undefined)(`kafka subscription inbox${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;
  let driver: KafkaDriver;
  /** The partition signals the inbox was handed, by stream. */
  const signals = new Map<string, Set<AbortSignal>>();

  beforeAll(async () => {
    broker = await KafkaTestBroker.start();
    driver = await openDriver(broker.bootstrap);
    // The real consumer, with each partition's signal noted on its way to the inbox.
    const streams: StreamOperations = driver.streams;
    const consume = streams.consume.bind(streams);
    streams.consume = (stream, group, options, processor) =>
      consume(stream, group, options, {
        processEvents: (events, context) => {
          const seen = signals.get(stream) ?? new Set();
          signals.set(stream, seen.add(context.signal));
          return processor.processEvents(events, context);
        },
      });
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await broker?.close();
  });

  it('listeners - batch after batch on a partition it keeps, the inbox leaves no abort listener behind on the partition signal', async () => {
    const topic = `ki-${randomUUID().slice(0, 8)}`;
    const subscription = `${topic}-sub`;
    const ref: InboxRef = { kind: 'subscription', topic, subscription };
    await driver.streams.ensureStream(topic, { partitions: 1, retentionMs: 3_600_000 });
    await driver.topics.ensureSubscription(topic, subscription, { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0 });
    const listeners = (): number[] => [...(signals.get(topic) ?? [])].map((signal) => getEventListeners(signal, 'abort').length);

    let before: number[] = [];
    // Node 24 gives no MaxListenersExceededWarning for an AbortSignal: the count is the only sign.
    for (let i = 0; i < 15; i++) {
      await driver.topics.publish(topic, [{ id: `e${i}`, headers: { 'ce-type': 'T' }, data: new Uint8Array(1) }]);
      const got = await driver.inboxes.receive(ref, { max: 10, waitMs: 10_000, leaseMs: 30_000 });
      expect(got.map((d) => d.id)).toEqual([`e${i}`]);
      // Returns once the batch's offset is committed, which is when the batch has settled.
      await driver.inboxes.ack(ref, got[0]?.lease ?? '');
      if (i === 0) before = listeners();
    }
    // One partition held throughout: a batch a fetch, each settled, and the listeners as before.
    expect(before).toHaveLength(1);
    expect(listeners()).toEqual(before);
  }, 60_000);
});
