/**
 * Sends coalesced per entity: every send call made in one event-loop turn goes out in as few
 * `sendBatch` calls as the size limit allows, and each caller resolves once the broker accepted
 * every batch holding its messages (or rejects if one of them failed). The sender link is reused.
 */
import type { ServiceBusMessage, ServiceBusMessageBatch, ServiceBusSender } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';

interface Call {
  messages: ServiceBusMessage[];
  resolve(): void;
  reject(err: unknown): void;
  pending: number;
  failed: boolean;
}

export class CoalescingSender {
  readonly sender: ServiceBusSender;
  readonly #queue: Call[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #scheduled = false;

  constructor(sender: ServiceBusSender) {
    this.sender = sender;
  }

  send(messages: ServiceBusMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ messages, resolve, reject, pending: 0, failed: false });
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
    const plans: { batch: ServiceBusMessageBatch; calls: Set<Call> }[] = [];
    try {
      let current: { batch: ServiceBusMessageBatch; calls: Set<Call> } | undefined;
      for (const call of calls) {
        for (const message of call.messages) {
          if (current !== undefined && current.batch.tryAddMessage(message)) {
            current.calls.add(call);
            continue;
          }
          const fresh = { batch: await this.sender.createMessageBatch(), calls: new Set<Call>() };
          if (!fresh.batch.tryAddMessage(message)) {
            // Too large even alone (headers count towards the limit too).
            call.failed = true;
            call.reject(new OutriggerError('payload_too_large', `a message of ${message.body?.length ?? 0} bytes with its properties exceeds the entity's limit of ${fresh.batch.maxSizeInBytes} bytes`, { extensions: { limit: fresh.batch.maxSizeInBytes } }));
            continue;
          }
          fresh.calls.add(call);
          current = fresh;
          plans.push(fresh);
        }
      }
    } catch (err) {
      for (const call of calls) if (!call.failed) call.reject(err);
      return;
    }
    for (const plan of plans) for (const call of plan.calls) call.pending++;
    for (const call of calls) if (call.pending === 0 && !call.failed) call.resolve();
    // In order: a caller's messages keep their order across its batches.
    for (const plan of plans) {
      let error: unknown;
      try {
        await this.sender.sendMessages(plan.batch);
      } catch (err) {
        error = err ?? new Error('send failed');
      }
      for (const call of plan.calls) {
        if (call.failed) continue;
        if (error !== undefined) {
          call.failed = true;
          call.reject(error);
        } else if (--call.pending === 0) call.resolve();
      }
    }
  }
}
