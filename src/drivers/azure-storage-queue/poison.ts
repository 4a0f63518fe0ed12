/**
 * Dead letters the way Azure users know them: `<queue>-poison`, the Azure Functions convention,
 * written by this driver (Storage Queues keep none themselves). Each poison message is our
 * envelope stamped with the reason, the attempts made and when, so /v1/deadletter lists, peeks
 * and redrives it like every other broker's.
 *
 * The move is safe: the poison copy is written before the original is deleted, so a crash (or a
 * failure) between the two leaves a duplicate in the poison queue, never a loss.
 */
import type { DeadLetter } from '../contract.js';
import type { StorageQueueClients } from './clients.js';
import { decodeMessage, encodeText, restamp, type Decoded } from './envelope.js';
import { poisonQueueOf } from './names.js';
import type { MessageEncoding } from './settings.js';

/** The message being moved: its place in the source queue and what it holds. */
export interface PoisonSource {
  messageId: string;
  popReceipt: string;
  decoded: Decoded;
  enqueuedAt: number;
}

/** A peek returns at most this many messages (the service's limit). */
const PEEK_MAX = 32;
/** Poison messages skipped by a redrive that names ids stay hidden this long while the scan runs. */
const SCAN_VISIBILITY_S = 300;

export class PoisonQueues {
  readonly #clients: StorageQueueClients;
  readonly #encoding: MessageEncoding;
  readonly #create: boolean;
  readonly #created = new Set<string>();
  /** Messages moved to a poison queue, for eventCounts. */
  moved = 0;

  constructor(clients: StorageQueueClients, options: { encoding: MessageEncoding; createQueues: boolean }) {
    this.#clients = clients;
    this.#encoding = options.encoding;
    this.#create = options.createQueues;
  }

  async move(queue: string, source: PoisonSource, reason: string, attempts: number): Promise<void> {
    const poison = poisonQueueOf(queue);
    await this.#ensure(poison);
    const envelope = restamp(source.decoded, { released: 0, deadLetter: { reason, attempts, at: Date.now(), enqueuedAt: source.enqueuedAt } });
    // Never expires (-1): the service's default would drop a dead letter after 7 days unseen.
    await this.#clients.call(`writing to poison queue '${poison}'`, () => this.#clients.queue(poison).sendMessage(encodeText(envelope, this.#encoding), { messageTimeToLive: -1 }));
    // Only now the original goes (a failure here leaves the duplicate described above).
    await this.#clients.call(`removing a poisoned message from queue '${queue}'`, () => this.#clients.queue(queue).deleteMessage(source.messageId, source.popReceipt));
    this.moved++;
  }

  /** The oldest dead letters, peeked (not taken); at most 32, the service's peek limit. */
  async list(queue: string, limit: number): Promise<DeadLetter[]> {
    const poison = poisonQueueOf(queue);
    const count = Math.max(1, Math.min(limit, PEEK_MAX));
    const peeked = await this.#orNothing(() =>
      this.#clients.call(`listing poison queue '${poison}'`, () => this.#clients.queue(poison).peekMessages({ numberOfMessages: count })).then((r) => r.peekedMessageItems),
    );
    return (peeked ?? []).slice(0, limit).map((item) => {
      const decoded = decodeMessage(item.messageText, this.#encoding, { messageId: item.messageId, queue: poison });
      const inserted = item.insertedOn.getTime();
      const stamp = decoded.deadLetter;
      return {
        id: decoded.id,
        headers: decoded.headers,
        data: decoded.data,
        ...(decoded.orderingKey === undefined ? {} : { orderingKey: decoded.orderingKey }),
        // A poison message another client wrote (an Azure Function, say) says nothing of why.
        attempts: stamp?.attempts ?? 0,
        reason: stamp?.reason ?? 'poison (moved by another client)',
        enqueuedAt: stamp?.enqueuedAt || inserted,
        deadLetteredAt: stamp?.at || inserted,
      };
    });
  }

  /** Moves poison messages (all, or those with the given ids) back to `queue`, counting attempts from 1 again. */
  async redrive(queue: string, ids: readonly string[] | undefined): Promise<number> {
    const poison = poisonQueueOf(queue);
    const source = this.#clients.queue(poison);
    const target = this.#clients.queue(queue);
    const wanted = ids === undefined ? undefined : new Set(ids);
    const skipped: Array<{ messageId: string; popReceipt: string }> = [];
    let moved = 0;
    try {
      for (;;) {
        const batch = await this.#orNothing(() =>
          this.#clients.call(`reading poison queue '${poison}'`, () => source.receiveMessages({ numberOfMessages: PEEK_MAX, visibilityTimeout: SCAN_VISIBILITY_S })),
        );
        const items = batch?.receivedMessageItems ?? [];
        if (items.length === 0) break;
        for (const item of items) {
          const decoded = decodeMessage(item.messageText, this.#encoding, { messageId: item.messageId, queue: poison });
          if (wanted !== undefined && !wanted.has(decoded.id)) {
            skipped.push(item);
            continue;
          }
          const text = encodeText(restamp(decoded, { released: 0, deadLetter: undefined }), this.#encoding);
          // Written back before the poison copy goes, for the same reason as move().
          await this.#clients.call(`redriving to queue '${queue}'`, () => target.sendMessage(text, { messageTimeToLive: -1 }));
          await this.#clients.call(`removing a redriven message from poison queue '${poison}'`, () => source.deleteMessage(item.messageId, item.popReceipt));
          moved++;
        }
      }
    } finally {
      // Those not asked for become visible again at once.
      await Promise.allSettled(skipped.map((item) => source.updateMessage(item.messageId, item.popReceipt, undefined, 0)));
    }
    return moved;
  }

  /** Messages in the poison queue (approximate, as the service counts them). */
  async depth(queue: string): Promise<number> {
    const poison = poisonQueueOf(queue);
    const properties = await this.#orNothing(() => this.#clients.call(`reading poison queue '${poison}'`, () => this.#clients.queue(poison).getProperties()));
    return properties?.approximateMessagesCount ?? 0;
  }

  async #ensure(poison: string): Promise<void> {
    if (!this.#create || this.#created.has(poison)) return;
    await this.#clients.call(`creating poison queue '${poison}'`, () => this.#clients.queue(poison).createIfNotExists());
    this.#created.add(poison);
  }

  /** A poison queue that does not exist yet holds nothing. */
  async #orNothing<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'unknown_resource') return undefined;
      throw err;
    }
  }
}
