/**
 * RabbitMQ (issue 15): Outrigger against rabbitmq-client used directly, on the machine's RabbitMQ,
 * in one run (bench/lib/broker-compare.ts has the method).
 *   npm run bench -- rabbitmq        (or: npm run build && node dist/bench/run-rabbitmq.js)
 * Direct, with the driver's durability: durable quorum queues (a topic exchange with one bound
 * quorum queue for publish), persistent messages, a publisher with confirms (each send resolved
 * by its confirm), the CloudEvents attributes as `cloudEvents:*` headers; push: the client's
 * consumer (basic.consume, prefetch 32), each message acknowledged when its handler returns.
 */
import { Connection, type Envelope } from 'rabbitmq-client';
import { runBrokerBench, type BenchNames, type DirectClient, type DirectMessage } from './lib/broker-compare.js';

const url = process.env.BENCH_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

function envelope(message: DirectMessage, target: Pick<Envelope, 'exchange' | 'routingKey'>): Envelope {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (name.startsWith('ce-')) headers[`cloudEvents:${name.slice(3)}`] = value;
  return { ...target, durable: true, contentType: 'application/json', messageId: message.headers['ce-id'] ?? '', headers };
}

function bodyOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

async function openDirect(names: BenchNames): Promise<DirectClient> {
  const rabbit = new Connection(url);
  const quorum = { durable: true, arguments: { 'x-queue-type': 'quorum' as const } };
  await rabbit.queueDeclare({ queue: names.sendQueue, ...quorum });
  await rabbit.queueDeclare({ queue: names.pushQueue, ...quorum });
  await rabbit.exchangeDeclare({ exchange: names.topic, type: 'topic', durable: true });
  const stored = `${names.topic}:${names.subscription}`;
  await rabbit.queueDeclare({ queue: stored, ...quorum });
  await rabbit.queueBind({ queue: stored, exchange: names.topic, routingKey: '#' });
  const publisher = rabbit.createPublisher({ confirm: true, maxAttempts: 1 });
  return {
    send: (queue, message) => publisher.send(envelope(message, { exchange: '', routingKey: queue }), message.body),
    publish: (topic, message) => publisher.send(envelope(message, { exchange: topic, routingKey: 'Bench' }), message.body),
    consume: async (queue, onMessage) => {
      const consumer = rabbit.createConsumer({ queue, queueOptions: { passive: true }, qos: { prefetchCount: 32 } }, async (msg) => onMessage(bodyOf(msg.body)));
      consumer.on('error', (err) => process.stderr.write(`[bench-rabbitmq] direct consumer: ${String(err)}\n`));
      return () => consumer.close();
    },
    close: async () => {
      await publisher.close();
      await rabbit.close();
    },
  };
}

await runBrokerBench({
  name: 'rabbitmq',
  serverProcess: 'beam.smp',
  packages: ['rabbitmq-client'],
  brokerYaml: () => `{ driver: rabbitmq, url: "${url}" }`,
  openDirect: (names) => openDirect(names),
  cleanup: async (run) => {
    const rabbit = new Connection(url);
    for (const side of ['direct', 'outrigger']) {
      for (const queue of [`${run}-send-${side}`, `${run}-push-${side}`, `${run}-topic-${side}:stored`]) {
        for (const name of [queue, `${queue}.deadletter`]) await rabbit.queueDelete({ queue: name }).catch(() => undefined);
      }
      await rabbit.exchangeDelete({ exchange: `${run}-topic-${side}` }).catch(() => undefined);
    }
    await rabbit.close();
  },
});
