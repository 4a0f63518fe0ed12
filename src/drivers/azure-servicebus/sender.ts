/**
 * Sends coalesced per entity: every send call made in one event-loop turn goes out in as few
 * transfers as the size limit allows, and each caller resolves once the broker accepted every
 * transfer holding its messages, or rejects with the error of the first one that failed. The
 * sender link is reused.
 *
 * - A call's messages are checked to fit before any of them is placed, so an oversize message
 *   fails its own caller only, and nothing of that caller is sent.
 * - Transfers go out one after another, filled as they go. When one fails, each caller in it
 *   fails, and what those callers had in later transfers is left out: a caller's message is never
 *   sent behind an earlier one of its own that failed. (One that failed after an earlier transfer
 *   of it was accepted has been partly sent: a retry may duplicate, never lose.)
 * - A lone message goes out as itself rather than as a batch of one, which would encode its
 *   properties twice more for the batch envelope. So does a message that fits the link but not a
 *   batch envelope (which repeats the first message's properties).
 */
import type { ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';

interface Call {
  messages: ServiceBusMessage[];
  resolve(): void;
  reject(err: unknown): void;
  /** Transfers holding some of its messages, not yet accepted. */
  outstanding: number;
  /** Every message of it is in a transfer. */
  placed: boolean;
  failed: boolean;
}

/** One transfer being filled: a batch, or a single message sent as itself. */
interface Transfer {
  batch: ServiceBusMessageBatch | undefined;
  single: ServiceBusMessage | undefined;
  calls: Set<Call>;
}

export class CoalescingSender {
  readonly sender: ServiceBusSender;
  readonly #onError: (err: unknown) => void;
  readonly #queue: Call[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #scheduled = false;
  /** The link's message size limit, known after the first batch was made. */
  #limit: number | undefined;

  /** `onError` hears each failed transfer once (however many callers it fails). */
  constructor(sender: ServiceBusSender, onError: (err: unknown) => void = () => undefined) {
    this.sender = sender;
    this.#onError = onError;
  }

  send(messages: ServiceBusMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ messages, resolve, reject, outstanding: 0, placed: false, failed: false });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          const run = this.#flush(this.#queue.splice(0));
          this.#inFlight.add(run);
          void run.finally(() => this.#inFlight.delete(run));
        });
      }
    });
  }

  /** Waits until every accepted send call has been answered by the broker. */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#inFlight.size > 0) {
      if (this.#scheduled) await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  async #flush(calls: Call[]): Promise<void> {
    try {
      const only = calls.length === 1 ? calls[0] : undefined;
      const lone = only?.messages.length === 1 ? only.messages[0] : undefined;
      if (only !== undefined && lone !== undefined && fitsLink(lone, this.#limit)) {
        const alone: Transfer = { batch: undefined, single: lone, calls: new Set() };
        join(alone, only);
        only.placed = true;
        await this.#transfer(alone);
        this.#settle(only);
        return;
      }
      let current = await this.#newBatch();
      for (const call of calls) {
        if (call.messages.length > 1 && !(await this.#allFit(call))) continue;
        for (const message of call.messages) {
          if (call.failed) break;
          if (current.batch?.tryAddMessage(message) === true) {
            join(current, call);
            continue;
          }
          if (current.calls.size > 0) {
            await this.#transfer(current);
            current = await this.#newBatch();
            if (call.failed) break;
            if (current.batch?.tryAddMessage(message) === true) {
              join(current, call);
              continue;
            }
          }
          // Too large for a batch envelope of its own: alone, if the link takes it.
          if (!fitsLink(message, this.#limit)) {
            this.#fail(call, tooLarge(message, this.#limit ?? 0));
            break;
          }
          const alone: Transfer = { batch: undefined, single: message, calls: new Set() };
          join(alone, call);
          await this.#transfer(alone);
        }
        call.placed = true;
        this.#settle(call);
      }
      if (current.calls.size > 0) await this.#transfer(current);
    } catch (err) {
      // Making a batch failed (the link could not be opened): every caller not yet answered fails.
      this.#onError(err);
      for (const call of calls) this.#fail(call, err);
    }
  }

  /** Sends one transfer; answers its callers whose last transfer it was, or fails them all. */
  async #transfer(transfer: Transfer): Promise<void> {
    const calls = [...transfer.calls].filter((call) => !call.failed);
    transfer.calls.clear();
    if (calls.length === 0) return;
    try {
      await this.sender.sendMessages((transfer.batch ?? transfer.single) as ServiceBusMessageBatch | ServiceBusMessage);
    } catch (err) {
      this.#onError(err);
      for (const call of calls) this.#fail(call, err ?? new Error('send failed'));
      return;
    }
    for (const call of calls) {
      call.outstanding--;
      this.#settle(call);
    }
  }

  async #newBatch(): Promise<Transfer> {
    const batch = await this.sender.createMessageBatch();
    this.#limit = batch.maxSizeInBytes;
    return { batch, single: undefined, calls: new Set() };
  }

  /** Whether every message of a call would go out (in a batch, or alone); if not, the call fails. */
  async #allFit(call: Call): Promise<boolean> {
    for (const message of call.messages) {
      // Half the limit surely fits a batch: its envelope repeats no more than the message's own properties.
      if (sizeBound(message) <= (this.#limit ?? 0) / 2) continue;
      const probe = (await this.#newBatch()).batch;
      if (probe?.tryAddMessage(message) === true || fitsLink(message, this.#limit)) continue;
      this.#fail(call, tooLarge(message, this.#limit ?? 0));
      return false;
    }
    return true;
  }

  #settle(call: Call): void {
    if (call.placed && call.outstanding === 0 && !call.failed) call.resolve();
  }

  #fail(call: Call, err: unknown): void {
    if (call.failed || (call.placed && call.outstanding === 0)) return;
    call.failed = true;
    call.reject(err);
  }
}

function join(transfer: Transfer, call: Call): void {
  if (transfer.calls.has(call)) return;
  transfer.calls.add(call);
  call.outstanding++;
}

function tooLarge(message: ServiceBusMessage, limit: number): OutriggerError {
  const body = message.body as { length?: unknown } | undefined;
  return new OutriggerError('payload_too_large', `a message of ${typeof body?.length === 'number' ? body.length : 0} bytes with its properties exceeds the entity's limit of ${limit} bytes`, {
    extensions: { limit },
  });
}

/** Fields of a message that travel as strings in its AMQP properties. */
const STRING_FIELDS = ['messageId', 'sessionId', 'contentType', 'replyTo', 'replyToSessionId', 'subject', 'correlationId', 'to', 'partitionKey'] as const;

/**
 * More than a message's encoded size can be: generous room for the framing of each field, and
 * strings counted at 3 bytes per UTF-16 unit unless `exact` (their UTF-8 length, dearer).
 * Infinity when the body is not bytes (it is, from this driver).
 */
function sizeBound(message: ServiceBusMessage, exact = false): number {
  if (!Buffer.isBuffer(message.body)) return Number.POSITIVE_INFINITY;
  const length = exact ? (value: string) => Buffer.byteLength(value) : (value: string) => value.length * 3;
  let bytes = message.body.byteLength + 512;
  for (const field of STRING_FIELDS) {
    const value = message[field];
    if (typeof value === 'string') bytes += length(value) + 16;
  }
  for (const [name, value] of Object.entries(message.applicationProperties ?? {})) {
    bytes += length(name) + (typeof value === 'string' ? length(value) : 16) + 16;
  }
  return bytes;
}

/** Whether the link surely takes the message sent alone. */
function fitsLink(message: ServiceBusMessage, limit: number | undefined): boolean {
  return limit !== undefined && (sizeBound(message) <= limit || sizeBound(message, true) <= limit);
}
