/**
 * Dead letters, which JetStream does not keep: each inbox has a dead-letter stream that the
 * driver writes. A message is copied there first and terminated only once the copy is stored,
 * so a crash in between leaves it in its inbox (delivered again, and dead-lettered again: at
 * least once, never lost). Listing reads the stream; redrive writes a fresh copy back to the
 * inbox (attempts start over) and then deletes the letter.
 */
import { bookkeeping, asOutbound, numberHeader, readHeaders } from './codec.js';
import type { NatsContext } from './context.js';
import type { InboxState } from './entities.js';
import type { Held } from './leases.js';
import { keyPartitionOf } from './key-partitions.js';
import { copySubject, keySubject } from './names.js';
import { write } from './publisher.js';
import type { DeadLetter } from '../contract.js';

const terminate = new TextEncoder().encode('+TERM');

/** Copies a held (or just fetched) delivery to the dead-letter stream, then terminates it. */
export async function deadLetter(ctx: NatsContext, inbox: InboxState, held: Pick<Held, 'msg' | 'headers' | 'enqueuedAt' | 'ack'>, attempts: number, reason: string): Promise<void> {
  const fallbackId = `${inbox.stream}-${held.ack.streamSequence}`;
  const message = asOutbound(held.headers, held.msg.data, fallbackId);
  await write(ctx, inbox.deadLetters, [
    {
      message,
      subject: `${inbox.deadLetters}.letter`,
      extra: {
        [bookkeeping.attempts]: String(attempts),
        [bookkeeping.reason]: reason,
        [bookkeeping.enqueuedAt]: String(held.enqueuedAt),
        [bookkeeping.deadLetteredAt]: String(Date.now()),
      },
    },
  ]);
  await ctx.nc.request(held.msg.reply ?? '', terminate, { timeout: 5000 });
}

interface Stored {
  seq: number;
  letter: DeadLetter;
}

async function* letters(ctx: NatsContext, inbox: InboxState): AsyncGenerator<Stored> {
  const info = await ctx.jsm.streams.info(inbox.deadLetters);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await ctx.jsm.streams.getMessage(inbox.deadLetters, { seq }).catch(() => null);
    if (stored === null) continue;
    const headers = readHeaders(stored.header, true);
    const message = asOutbound(headers, stored.data, `${inbox.deadLetters}-${seq}`);
    const deadLetteredAt = numberHeader(headers, bookkeeping.deadLetteredAt) ?? stored.time.getTime();
    yield {
      seq,
      letter: {
        id: message.id,
        headers: message.headers,
        data: stored.data,
        ...(message.orderingKey === undefined ? {} : { orderingKey: message.orderingKey }),
        attempts: numberHeader(headers, bookkeeping.attempts) ?? 0,
        reason: headers[bookkeeping.reason] ?? 'unknown',
        enqueuedAt: numberHeader(headers, bookkeeping.enqueuedAt) ?? deadLetteredAt,
        deadLetteredAt,
      },
    };
  }
}

export async function listDeadLetters(ctx: NatsContext, inbox: InboxState, limit: number): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for await (const { letter } of letters(ctx, inbox)) {
    if (out.length >= limit) break;
    out.push(letter);
  }
  return out;
}

export async function redrive(ctx: NatsContext, inbox: InboxState, ids: string[] | undefined): Promise<number> {
  let moved = 0;
  for await (const { seq, letter } of letters(ctx, inbox)) {
    if (ids !== undefined && !ids.includes(letter.id)) continue;
    const { attempts: _attempts, reason: _reason, deadLetteredAt: _at, enqueuedAt, ...message } = letter;
    // Back to this inbox only: for a subscription, addressed to it, so the others skip it.
    // A queue's keyed message goes back to its key partition, behind the later ones of its key.
    const subject = inbox.key.subscription === undefined && message.orderingKey !== undefined ? keySubject(inbox.key.resource, keyPartitionOf(message.orderingKey)) : copySubject(inbox.key);
    await write(ctx, inbox.stream, [{ message, subject, extra: { [bookkeeping.enqueuedAt]: String(enqueuedAt) } }]);
    await ctx.jsm.streams.deleteMessage(inbox.deadLetters, seq);
    moved++;
  }
  return moved;
}

export async function countDeadLetters(ctx: NatsContext, inbox: InboxState): Promise<number> {
  return (await ctx.jsm.streams.info(inbox.deadLetters)).state.messages;
}
