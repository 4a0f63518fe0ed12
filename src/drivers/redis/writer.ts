/**
 * Calls of the send script (lua-send.ts): each message with the streams it goes to and its
 * idempotency key. Queues send to one stream, topics to every matching subscription's stream;
 * both go through here so both suppress duplicates the same way.
 *
 * Writes asked for within one turn of the event loop to the same queue or topic go in one script
 * call. Every HTTP request is its own I/O callback, so concurrent sends would otherwise each be a
 * script call of their own, and Redis pays a script's fixed cost (its call, the clock, the reply)
 * per message. Held until setImmediate, the calls of one poll phase share one. Each caller's
 * messages stay together and in the order asked for, callers in the order they asked, so per-key
 * order is what it was with one call each; each caller gets its own receipts, and a message its
 * own encoding error before anything is sent. A failed call fails each of its callers, as it
 * would have failed each of their own calls (the connection, a refused subscription version).
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

interface Encoded extends Write {
  fields: Field[];
}

interface Caller {
  writes: Encoded[];
  resolve(receipts: SendReceipt[] | undefined): void;
  reject(err: unknown): void;
}

/** One script call being gathered: the same meta key and subscription list version. */
interface Call {
  metaKey: string;
  subscriptionsVersion: string;
  callers: Caller[];
  messages: number;
}

/** A call grows no further than this: Redis runs a script without interruption. */
const maxMessagesPerCall = 1000;

export class MessageWriter {
  readonly #connection: RedisConnection;
  /** Calls still open for more callers, by meta key and version. */
  #open = new Map<string, Call>();
  #calls: Call[] = [];

  constructor(connection: RedisConnection) {
    this.#connection = connection;
  }

  /**
   * `subscriptionsVersion`: for a topic, the version of the subscription list the targets came
   * from; undefined is returned, nothing written, when the list has changed since.
   */
  async write(metaKey: string, writes: Write[], maxBytes: number, subscriptionsVersion = ''): Promise<SendReceipt[] | undefined> {
    const encoded = writes.map((write) => ({ ...write, fields: encodeMessage(write.message, maxBytes) }));
    return new Promise<SendReceipt[] | undefined>((resolve, reject) => {
      const key = `${subscriptionsVersion}\n${metaKey}`;
      let call = this.#open.get(key);
      if (call === undefined || call.messages + encoded.length > maxMessagesPerCall) {
        call = { metaKey, subscriptionsVersion, callers: [], messages: 0 };
        this.#open.set(key, call);
        if (this.#calls.push(call) === 1) setImmediate(() => this.flush());
      }
      call.callers.push({ writes: encoded, resolve, reject });
      call.messages += encoded.length;
    });
  }

  /** Sends every gathered call now, in the order they were opened (before closing the connection). */
  flush(): void {
    const calls = this.#calls;
    this.#calls = [];
    this.#open = new Map();
    for (const call of calls) this.#send(call);
  }

  #send({ metaKey, subscriptionsVersion, callers }: Call): void {
    const writes = callers.length === 1 ? callers[0]!.writes : callers.flatMap((caller) => caller.writes);
    // The command is queued on the connection synchronously, so calls leave in this order.
    scriptCall(this.#connection, metaKey, writes, subscriptionsVersion).then(
      (receipts) => {
        let at = 0;
        for (const caller of callers) {
          caller.resolve(receipts?.slice(at, at + caller.writes.length));
          at += caller.writes.length;
        }
      },
      (err: unknown) => {
        for (const caller of callers) caller.reject(err);
      },
    );
  }
}

/** The KEYS and ARGV of one call of the send script (lua-send.ts has the layout). */
function scriptCall(connection: RedisConnection, metaKey: string, writes: Encoded[], subscriptionsVersion: string): Promise<SendReceipt[] | undefined> {
  const keys: string[] = [metaKey];
  const args: Field[] = [subscriptionsVersion, ''];
  const streamAt = new Map<string, string>();
  const sets: InboxKeys[][] = [];
  let set = '';
  // Where the open run's message count is, and that count; -1: no run open to plain messages.
  let countAt = -1;
  let count = 0;
  for (const { message, targets, dedupKey, fields } of writes) {
    // A batch names the same targets message after message: a set is added only when they change.
    const last = sets[sets.length - 1];
    const newSet = last === undefined || !sameTargets(last, targets);
    if (newSet) set = String(sets.push(targets));
    const plain = message.notBefore === undefined && dedupKey === undefined;
    if (!plain || newSet || countAt < 0) {
      if (countAt >= 0) args[countAt] = String(count);
      args.push(set, plain ? '0' : String(message.notBefore ?? 0), dedupKey === undefined ? '0' : String(keys.push(dedupKey)), '1');
      countAt = plain ? args.length - 1 : -1;
      count = 1;
    } else {
      count++;
    }
    args.push(String(fields.length));
    for (const field of fields) args.push(field);
  }
  if (countAt >= 0) args[countAt] = String(count);
  args[1] = String(args.length + 1);
  for (const targets of sets) {
    args.push(String(targets.length));
    for (const target of targets) {
      let at = streamAt.get(target.stream);
      if (at === undefined) {
        at = String(keys.push(target.stream, target.scheduled, target.schedule, target.wake) - 3);
        streamAt.set(target.stream, at);
      }
      args.push(at);
    }
  }
  return connection.eval<(number | Buffer)[] | null>(sendScript, keys, args).then((duplicates) => {
    if (duplicates === null) return undefined;
    const receipts = writes.map(({ message }): SendReceipt => ({ id: message.id, duplicate: false }));
    for (let i = 0; i + 1 < duplicates.length; i += 2) receipts[(duplicates[i] as number) - 1] = { id: (duplicates[i + 1] as Buffer).toString(), duplicate: true };
    return receipts;
  });
}

function sameTargets(a: InboxKeys[], b: InboxKeys[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.stream !== b[i]!.stream) return false;
  return true;
}
