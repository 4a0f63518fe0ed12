/**
 * The machine's NATS server with JetStream (127.0.0.1:4222, started by scripts/ensure-brokers.sh)
 * for the NATS driver tests. A test that needs it fails, loudly, when it does not answer: it is
 * never skipped. Each test cleans up the streams it created (by creation time and name).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export const natsUrl = process.env.OUTRIGGER_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A plain client connection, or an error that says what to start. */
export async function plainNats(): Promise<NatsConnection> {
  try {
    return await connect({ servers: natsUrl, timeout: 3000 });
  } catch (err) {
    throw new Error(`NATS with JetStream must run at ${natsUrl} for these tests (scripts/ensure-brokers.sh starts it): ${String(err)}`, { cause: err });
  }
}

/** Deletes the streams created since `since` whose names pass `match`. */
export async function deleteStreamsSince(since: Date, match: (name: string) => boolean): Promise<void> {
  const nc = await plainNats();
  try {
    const jsm = await jetstreamManager(nc);
    const doomed: string[] = [];
    for await (const info of jsm.streams.list()) {
      if (match(info.config.name) && new Date(info.created).getTime() >= since.getTime() - 1000) doomed.push(info.config.name);
    }
    for (const name of doomed) await jsm.streams.delete(name).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
