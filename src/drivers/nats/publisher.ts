/**
 * Writes messages into a stream and reports, per message, whether JetStream stored it or
 * suppressed it as a duplicate (an idempotency key is the Nats-Msg-Id, suppressed within the
 * stream's duplicate window). A duplicate's PubAck names the original's sequence; its id is read
 * back from there while the original is still stored. A work-queue stream deletes a message once
 * it is acknowledged, so a resend after that is still suppressed but the receipt can only carry
 * the resend's own id (docs/delivery-guarantees.md).
 */
import type { PubAck } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { OutriggerError } from '../../kernel/errors.js';
import type { OutboundMessage, SendReceipt } from '../contract.js';
import { encodeHeaders, messageId, readHeaders, wireSize } from './codec.js';
import type { NatsContext } from './context.js';

export interface Outgoing {
  message: OutboundMessage;
  subject: string;
  /** Bookkeeping headers added for this write (copies). */
  extra?: Record<string, string>;
}

export async function write(ctx: NatsContext, stream: string, outgoing: Outgoing[], signal?: AbortSignal): Promise<SendReceipt[]> {
  const encoded = outgoing.map(({ message, subject, extra }) => ({ message, subject, headers: sized(ctx, message, encodeHeaders(message, extra)) }));
  if (signal?.aborted) throw new OutriggerError('timeout', 'the send was aborted before it started');
  // Pipelined on one connection: the server stores them in this order, so a repeated key within
  // one batch is suppressed against the earlier message of the batch.
  const pending = Promise.all(encoded.map(({ message, subject, headers }) => ctx.publisher.publish(subject, message.data, { headers })));
  ctx.inflight.add(pending);
  const acks = await pending.finally(() => ctx.inflight.delete(pending));
  return Promise.all(acks.map((ack, i) => receipt(ctx, stream, ack, (encoded[i] as (typeof encoded)[number]).message)));
}

async function receipt(ctx: NatsContext, stream: string, ack: PubAck, message: OutboundMessage): Promise<SendReceipt> {
  if (!ack.duplicate) return { id: message.id, duplicate: false };
  const original = await ctx.jsm.streams.getMessage(stream, { seq: ack.seq }).catch(() => null);
  if (original === null) return { id: message.id, duplicate: true };
  return { id: messageId(readHeaders(original.header, true), message.id), duplicate: true };
}

export function sized(ctx: NatsContext, message: OutboundMessage, headers: MsgHdrs): MsgHdrs {
  const limit = ctx.settings.maxMessageBytes;
  if (message.data.length > limit) {
    throw new OutriggerError('payload_too_large', `message '${message.id}' has ${message.data.length} bytes; NATS broker '${ctx.broker}' accepts at most ${limit}`, {
      extensions: { limit },
    });
  }
  const serverLimit = ctx.nc.info?.max_payload;
  const size = wireSize(headers, message.data);
  if (serverLimit !== undefined && size > serverLimit) {
    throw new OutriggerError(
      'payload_too_large',
      `message '${message.id}' is ${size} bytes with its headers; the NATS server of broker '${ctx.broker}' accepts at most ${serverLimit} (max_payload)`,
      { extensions: { limit: serverLimit } },
    );
  }
  return headers;
}
