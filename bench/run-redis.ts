/**
 * Redis Streams (issue 15): Outrigger against node-redis used directly, on the machine's Redis, in
 * one run (bench/lib/broker-compare.ts has the method).
 *   npm run bench -- redis        (or: npm run build && node dist/bench/run-redis.js)
 * Direct: XADD of the driver's fields (`id`, `data`, each header) to the queue's stream, or to the
 * one subscription's stream for publish (the driver's layout: a stream per subscription); push:
 * XREADGROUP (32 at a time, blocking) with XACK + XDEL per message, as the driver acknowledges.
 */
import { createClient } from 'redis';
import { runBrokerBench, type DirectClient, type DirectMessage } from './lib/broker-compare.js';

const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = (run: string): string => `bench:${run}:`;

function fieldsOf(message: DirectMessage): string[] {
  const fields = ['id', message.headers['ce-id'] ?? '', 'data', message.body.toString('utf8')];
  for (const [name, value] of Object.entries(message.headers)) if (name !== 'ce-id') fields.push(name, value);
  return fields;
}

/** node-redis answers XREADGROUP as an object keyed by stream name. */
type Entries = Record<string, [string, string[]][]> | null;

async function openDirect(run: string): Promise<DirectClient> {
  const client = createClient({ url, socket: { noDelay: true } });
  await client.connect();
  const key = (name: string): string => `${prefix(run)}${name}`;
  return {
    send: async (queue, message) => {
      await client.sendCommand(['XADD', key(queue), '*', ...fieldsOf(message)]);
    },
    publish: async (topic, message) => {
      await client.sendCommand(['XADD', key(`${topic}:stored`), '*', ...fieldsOf(message)]);
    },
    consume: async (queue, onMessage) => {
      const stream = key(queue);
      await client.sendCommand(['XGROUP', 'CREATE', stream, 'g', '$', 'MKSTREAM']);
      const blocking = client.duplicate();
      await blocking.connect();
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          const reply = (await blocking.sendCommand(['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '32', 'BLOCK', '200', 'STREAMS', stream, '>'])) as Entries;
          const entries = reply?.[stream] ?? [];
          await Promise.all(
            entries.map(async ([id, fields]) => {
              onMessage(Buffer.from(fields[fields.indexOf('data') + 1] ?? ''));
              await Promise.all([client.sendCommand(['XACK', stream, 'g', id]), client.sendCommand(['XDEL', stream, id])]);
            }),
          );
        }
      })();
      return async () => {
        stopped = true;
        await loop;
        await blocking.close();
      };
    },
    close: async () => {
      await client.close();
    },
  };
}

await runBrokerBench({
  name: 'redis',
  serverProcess: 'redis-server',
  packages: ['redis'],
  brokerYaml: (run) => `{ driver: redis, url: "${url}", keyPrefix: "${prefix(run)}" }`,
  openDirect: (_names, run) => openDirect(run),
  cleanup: async (run) => {
    const client = createClient({ url });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix(run)}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
    await client.close();
  },
});
