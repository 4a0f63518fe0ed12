/**
 * Writes with publisher confirms: every write resolves only after the broker confirmed it (for a
 * quorum queue: once a majority wrote it), so a caller is answered only for messages that are
 * safe. Close waits for the writes still pending.
 */
import type { Envelope } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';
import type { RabbitmqContext } from './context.js';

export interface Write {
  envelope: Envelope;
  data: Uint8Array;
}

export async function write(ctx: RabbitmqContext, writes: Write[]): Promise<void> {
  for (const { data } of writes) {
    if (data.byteLength > ctx.settings.maxMessageBytes) {
      throw new OutriggerError('payload_too_large', `message of ${data.byteLength} bytes is larger than ${ctx.settings.maxMessageBytes} bytes, the limit of RabbitMQ broker '${ctx.broker}' (setting maxMessageBytes)`);
    }
  }
  await Promise.all(writes.map(({ envelope, data }) => ctx.publisher.send(envelope, Buffer.from(data.buffer, data.byteOffset, data.byteLength))));
}

/** Runs a caller's send so that close waits for it: it is tracked from its first step, synchronously. */
export function tracked<T>(ctx: RabbitmqContext, run: () => Promise<T>): Promise<T> {
  const operation = run();
  ctx.pending.add(operation);
  void operation.finally(() => ctx.pending.delete(operation)).catch(() => undefined);
  return operation;
}
