/**
 * Builds one call of the send script (lua-send.ts) for a batch: each message with the streams
 * it goes to and its idempotency key. Queues send to one stream, topics to every matching
 * subscription's stream; both go through here so both suppress duplicates the same way.
 */
import type { OutboundMessage, SendReceipt } from '../contract.js';
import { encodeMessage, type Field } from './codec.js';
import type { RedisConnection } from './connection.js';
import type { InboxKeys } from './keys.js';
import { sendScript } from './lua-send.js';

export interface Write {
  message: OutboundMessage;
  targets: InboxKeys[];
  /** Key remembering the idempotency key, when the message has one. */
  dedupKey?: string;
}

/**
 * `subscriptionsVersion`: for a topic, the version of the subscription list the targets came
 * from; undefined is returned, nothing written, when the list has changed since.
 */
export async function writeMessages(connection: RedisConnection, metaKey: string, writes: Write[], maxBytes: number, subscriptionsVersion = ''): Promise<SendReceipt[] | undefined> {
  const keys: string[] = [metaKey];
  const index = new Map<string, number>([[metaKey, 1]]);
  const keyIndex = (key: string): string => {
    let at = index.get(key);
    if (at === undefined) {
      keys.push(key);
      at = keys.length;
      index.set(key, at);
    }
    return String(at);
  };
  const args: Field[] = [subscriptionsVersion, String(writes.length)];
  for (const { message, targets, dedupKey } of writes) {
    const fields = encodeMessage(message, maxBytes);
    args.push(message.id, String(message.notBefore ?? 0), dedupKey === undefined ? '0' : keyIndex(dedupKey), '1', String(targets.length));
    for (const target of targets) args.push(keyIndex(target.stream), keyIndex(target.scheduled), keyIndex(target.schedule), keyIndex(target.wake));
    args.push(String(fields.length), ...fields);
  }
  const reply = await connection.eval<[number, Buffer][] | null>(sendScript, keys, args);
  return reply?.map(([duplicate, id]) => ({ id: id.toString(), duplicate: duplicate === 1 }));
}
