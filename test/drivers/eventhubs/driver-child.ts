/**
 * A consumer-group member in its own process, so that a test can kill it without a goodbye
 * (SIGKILL: no close, no ownership given up). Driven by driver-groups.test.ts; prints one JSON
 * line per batch: {"ready":true} once consuming, then {"got":[[partition, offset, n], ...]} after
 * each batch was checkpointed, and {"owned":[...]} whenever its partitions change.
 *   node --import ../conformance/embedded-process/register.mjs driver-child.ts '<job json>'
 */
import { createEventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';

interface Job {
  settings: Record<string, unknown>;
  stream: string;
  group: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
const driver = await createEventHubsDriver({ name: 'child', settings: job.settings, dataDir: '.' });
await driver.connect();
const consumer = await driver.streams.consume(job.stream, job.group, { start: { kind: 'earliest' }, maxBatch: 5 }, {
  async processEvents(events, context) {
    const last = events.at(-1);
    if (last !== undefined) await context.checkpoint(last.offset);
    print({ got: events.map((e) => [e.partition, e.offset, (JSON.parse(new TextDecoder().decode(e.data)) as { n: number }).n]) });
  },
});
print({ ready: true });
let owned = '';
setInterval(() => {
  const now = JSON.stringify(consumer.ownedPartitions());
  if (now !== owned) print({ owned: consumer.ownedPartitions() });
  owned = now;
}, 50);
