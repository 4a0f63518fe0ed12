/**
 * NATS JetStream (issue 15): Outrigger against @nats-io/jetstream used directly, on the machine's
 * nats-server, in one run (bench/lib/broker-compare.ts has the method).
 *   npm run bench -- nats        (or: npm run build && node dist/bench/run-nats.js)
 * Direct, with the driver's durability: streams with file storage (a work-queue stream per queue,
 * a limits stream per topic keeping events for 7 days, as the driver's topics do, with one durable
 * consumer that reads none of them), `js.publish`
 * awaiting its PubAck, the CloudEvents attributes as NATS headers; push: a durable pull consumer
 * read with `consume()` (32 outstanding), each message acknowledged.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { runBrokerBench, type BenchNames, type DirectClient, type DirectMessage } from './lib/broker-compare.js';

const servers = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

function natsHeaders(message: DirectMessage): ReturnType<typeof headers> {
  const h = headers();
  for (const [name, value] of Object.entries(message.headers)) h.set(name, value);
  return h;
}

async function openDirect(names: BenchNames): Promise<DirectClient> {
  const nc = await connect({ servers });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = (name: string, retention: RetentionPolicy, maxAgeMs = 0) =>
    jsm.streams.add({ name, subjects: [`${name}.>`], retention, storage: StorageType.File, num_replicas: 1, max_age: maxAgeMs * 1_000_000 });
  await stream(names.sendQueue, RetentionPolicy.Workqueue);
  await stream(names.pushQueue, RetentionPolicy.Workqueue);
  await stream(names.topic, RetentionPolicy.Limits, 7 * 24 * 3600 * 1000);
  await jsm.consumers.add(names.topic, { durable_name: names.subscription, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New });
  const write = async (subject: string, message: DirectMessage): Promise<void> => {
    await js.publish(subject, message.body, { headers: natsHeaders(message) });
  };
  return {
    send: (queue, message) => write(`${queue}.command`, message),
    publish: (topic, message) => write(`${topic}.Bench`, message),
    consume: async (queue, onMessage) => {
      await jsm.consumers.add(queue, { durable_name: 'bench', ack_policy: AckPolicy.Explicit });
      const messages = await (await js.consumers.get(queue, 'bench')).consume({ max_messages: 32 });
      const loop = (async () => {
        for await (const m of messages) {
          onMessage(Buffer.from(m.data));
          m.ack();
        }
      })();
      return async () => {
        await messages.close();
        await loop;
      };
    },
    close: () => nc.drain(),
  };
}

await runBrokerBench({
  name: 'nats',
  serverProcess: 'nats-server',
  packages: ['@nats-io/jetstream', '@nats-io/transport-node'],
  brokerYaml: () => `{ driver: nats, servers: ["${servers}"] }`,
  openDirect: (names) => openDirect(names),
  cleanup: async (run) => {
    const nc = await connect({ servers });
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(run)) await jsm.streams.delete(name);
    await nc.drain();
  },
});
