/**
 * Another process on the same broker file, driven by embedded-processes.test.ts. It prints one
 * JSON line per event on stdout: {"ready":true} once connected, then what its role produced.
 *   consume: receive and ack until idle for idleMs; prints {"got": id} per message.
 *   send:    sends `count` messages to `queue`; prints {"sentAt": ms} after the send resolved.
 *   append:  appends `count` single-event batches concurrently; prints {"receipts": [...]}.
 *   flood:   sends 8 KiB messages to `queue` in batches, with the WAL checkpointed by the worker
 *            from the first commit, until killed; prints {"acked": [ids]} after each batch resolved.
 */
import { EmbeddedDriver } from '../../../src/drivers/embedded/driver.js';
import { createEmbeddedDriver } from '../../../src/drivers/embedded/index.js';

interface Job {
  file: string;
  role: 'consume' | 'send' | 'append' | 'flood';
  queue?: string;
  stream?: string;
  count?: number;
  idleMs?: number;
  tag?: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
const options = { name: 'child', settings: { file: job.file }, dataDir: '.' };
const driver = job.role === 'flood' ? new EmbeddedDriver(options, { checkpointer: { startAfterCommits: 1, intervalMs: 2, backstopPages: 1_000_000, idleAfterMs: 60_000 } }) : await createEmbeddedDriver(options);
await driver.connect();
print({ ready: true });

if (job.role === 'consume') {
  const inbox = { kind: 'queue', queue: job.queue ?? 'q' } as const;
  let idleSince = Date.now();
  while (Date.now() - idleSince < (job.idleMs ?? 1000)) {
    const deliveries = await driver.inboxes.receive(inbox, { max: 5, waitMs: 100 });
    if (deliveries.length > 0) idleSince = Date.now();
    for (const delivery of deliveries) {
      print({ got: delivery.id });
      await driver.inboxes.ack(inbox, delivery.lease);
    }
  }
} else if (job.role === 'flood') {
  const data = new Uint8Array(8 * 1024).fill(7);
  for (let batch = 0; ; batch++) {
    const ids = Array.from({ length: 8 }, (_, i) => `${job.tag ?? 'flood'}-${batch}-${i}`);
    await Promise.all(ids.map((id) => driver.queues.send(job.queue ?? 'q', [{ id, headers: {}, data }])));
    print({ acked: ids });
  }
} else if (job.role === 'send') {
  await driver.queues.send(job.queue ?? 'q', [{ id: `${job.tag ?? 'child'}-0`, headers: {}, data: new Uint8Array([1]) }]);
  print({ sentAt: Date.now() });
} else {
  const receipts = await Promise.all(
    Array.from({ length: job.count ?? 10 }, (_, i) =>
      driver.streams.append(job.stream ?? 's', [{ id: `${job.tag ?? 'child'}-${i}`, headers: {}, data: new Uint8Array([i % 256]) }]),
    ),
  );
  print({ receipts: receipts.flat() });
}
await driver.close();
