/**
 * The coalescing sender (src/drivers/azure-servicebus/sender.ts) against the test broker: sends
 * made concurrently share batches, yet each caller gets its own answer. An oversize message fails
 * its own caller only, and nothing of that caller is sent; a batch the broker refuses fails every
 * caller in it with the mapped error, and a caller's later messages are not sent after an earlier
 * one failed; every message of every caller that was answered with success is stored.
 */
import { describe, expect, it } from 'vitest';
import { OutriggerError } from '../../../src/kernel/errors.js';
import type { OutboundMessage, SendReceipt } from '../../../src/drivers/contract.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker({ beforeClose: (broker) => broker.serverBusy(0) });
let counter = 0;

function queue(): string {
  const name = `sb-batching-${process.pid}-${++counter}`;
  sb.broker.createQueue(name);
  return name;
}

/** A message of `bytes` bytes of body; with `headerBytes`, a header that large too. */
function message(id: string, options: { bytes?: number; headerBytes?: number; orderingKey?: string } = {}): OutboundMessage {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'ce-type': 'Test' };
  if (options.headerBytes !== undefined) headers['x-padding'] = 'p'.repeat(options.headerBytes);
  return {
    id,
    headers,
    data: new TextEncoder().encode(id.padEnd(options.bytes ?? 16, '.')),
    ...(options.orderingKey === undefined ? {} : { orderingKey: options.orderingKey }),
  };
}

/** Ids of the messages the broker stored on `name`, in its order. */
function storedIds(name: string): string[] {
  const store = sb.broker.queues.get(name);
  if (store === undefined) throw new Error(`no queue ${name}`);
  return store.messages.map((stored) => {
    const raw = stored.message as { message_id?: unknown; application_properties?: Record<string, unknown> };
    return String(raw.application_properties?.['outrigger-id'] ?? raw.message_id);
  });
}

type Outcome = { ok: true; receipts: SendReceipt[] } | { ok: false; error: unknown };

function settle(promise: Promise<SendReceipt[]>): Promise<Outcome> {
  return promise.then(
    (receipts) => ({ ok: true as const, receipts }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function codeOf(outcome: Outcome | undefined): string | undefined {
  if (outcome === undefined || outcome.ok) return undefined;
  return outcome.error instanceof OutriggerError ? outcome.error.code : `not an OutriggerError: ${String(outcome.error)}`;
}

// 256 KiB is the broker's limit: two of these share a batch, three do not.
const BIG = 100 * 1024;

describe('servicebus driver - coalesced sends', () => {
  it('batching - concurrent callers each get their own receipts, in their own order', async () => {
    const driver = await sb.open();
    const name = queue();
    const calls = Array.from({ length: 12 }, (_, caller) => Array.from({ length: 1 + (caller % 3) }, (_, n) => message(`c${caller}-${n}`)));
    const receipts = await Promise.all(calls.map((messages) => driver.queues.send(name, messages)));
    receipts.forEach((own, caller) => expect(own.map((receipt) => receipt.id)).toEqual(calls[caller]?.map((m) => m.id)));
    expect(storedIds(name).sort()).toEqual(calls.flat().map((m) => m.id).sort());
  });

  it('batching - an oversize message fails only its own caller, and nothing of that caller is sent', async () => {
    const driver = await sb.open();
    const name = queue();
    // Its body is under the limit; its headers push it over, so only the batch can tell.
    const oversize = message('b-1', { bytes: 200 * 1024, headerBytes: 70 * 1024 });
    const [a, b, c] = await Promise.all([
      settle(driver.queues.send(name, [message('a-0')])),
      settle(driver.queues.send(name, [message('b-0'), oversize, message('b-2')])),
      settle(driver.queues.send(name, [message('c-0')])),
    ]);
    expect(a).toMatchObject({ ok: true });
    expect(c).toMatchObject({ ok: true });
    expect(codeOf(b)).toBe('payload_too_large');
    expect(storedIds(name).sort()).toEqual(['a-0', 'c-0']);
  });

  it('batching - the same message gets the same answer sent alone or among others', async () => {
    const driver = await sb.open();
    const name = queue();
    await driver.queues.send(name, [message('warm-up')]);
    // Fits the link, but not a batch envelope, which repeats the first message's properties.
    const heavy = (id: string): OutboundMessage => message(id, { bytes: 150 * 1024, headerBytes: 70 * 1024 });
    const oversize = (id: string): OutboundMessage => message(id, { bytes: 200 * 1024, headerBytes: 70 * 1024 });
    await driver.queues.send(name, [heavy('h-alone')]);
    await expect(driver.queues.send(name, [oversize('o-alone')])).rejects.toMatchObject({ code: 'payload_too_large' });
    const [h, o, s] = await Promise.all([
      settle(driver.queues.send(name, [heavy('h-among')])),
      settle(driver.queues.send(name, [oversize('o-among')])),
      settle(driver.queues.send(name, [message('s-among'), heavy('h-among-2')])),
    ]);
    expect(h).toMatchObject({ ok: true });
    expect(codeOf(o)).toBe('payload_too_large');
    expect(s).toMatchObject({ ok: true });
    expect(storedIds(name).sort()).toEqual(['h-alone', 'h-among', 'h-among-2', 's-among', 'warm-up']);
  });

  it('batching - a batch the broker refuses fails each caller in it with the mapped error; callers in other batches succeed', async () => {
    const driver = await sb.open({ serverBusyBackoffMs: 1 });
    const name = queue();
    await driver.queues.send(name, [message('warm-up')]);
    // Enough refusals for the first batch and the SDK's one retry of it, none for the second.
    sb.broker.serverBusy(2);
    // First batch: a-0 and b-0. Second batch: b-1 and c-0.
    const [a, b, c] = await Promise.all([
      settle(driver.queues.send(name, [message('a-0', { bytes: BIG })])),
      settle(driver.queues.send(name, [message('b-0', { bytes: BIG }), message('b-1', { bytes: BIG })])),
      settle(driver.queues.send(name, [message('c-0')])),
    ]);
    expect(codeOf(a)).toBe('broker_unavailable');
    expect(codeOf(b)).toBe('broker_unavailable');
    // Each caller has an error of its own, not one shared object.
    expect(a.ok || b.ok ? undefined : a.error).not.toBe(b.ok ? undefined : b.error);
    expect(c).toMatchObject({ ok: true });
    // b-1 follows b-0, which failed: sending it would put b's messages out of order.
    expect(storedIds(name)).toEqual(['warm-up', 'c-0']);
  });

  it('batching - a caller whose messages span several batches keeps their order, keyed or not', async () => {
    const driver = await sb.open();
    const name = queue();
    const keyed = Array.from({ length: 5 }, (_, n) => message(`k-${n}`, { bytes: BIG, orderingKey: 'order-1' }));
    const plain = Array.from({ length: 5 }, (_, n) => message(`p-${n}`, { bytes: BIG }));
    await Promise.all([driver.queues.send(name, keyed), driver.queues.send(name, plain)]);
    const stored = storedIds(name);
    expect(stored.filter((id) => id.startsWith('k-'))).toEqual(keyed.map((m) => m.id));
    expect(stored.filter((id) => id.startsWith('p-'))).toEqual(plain.map((m) => m.id));
  });

  it('batching - nothing acknowledged is lost: under refusals, every message of every caller answered with success is stored, once', async () => {
    const driver = await sb.open({ serverBusyBackoffMs: 1 });
    const name = queue();
    const calls = Array.from({ length: 60 }, (_, caller) => Array.from({ length: 1 + (caller % 4) }, (_, n) => message(`c${caller}-${n}`, { bytes: caller % 5 === 0 ? BIG : 64 })));
    const outcomes: Promise<Outcome>[] = [];
    for (const [caller, messages] of calls.entries()) {
      // Refusing from here until the first caller has failed (past the SDK's one retry), so
      // that some batches fail and the later ones get through.
      if (caller === 20) sb.broker.serverBusy(1_000_000);
      outcomes.push(
        settle(driver.queues.send(name, messages)).then((outcome) => {
          if (!outcome.ok) sb.broker.serverBusy(0);
          return outcome;
        }),
      );
      // Spread over several event-loop turns, so several flushes overlap.
      if (caller % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    const settled = await Promise.all(outcomes);
    const stored = storedIds(name);
    expect(new Set(stored).size).toBe(stored.length);
    for (const [caller, outcome] of settled.entries()) {
      const ids = calls[caller]?.map((m) => m.id) ?? [];
      if (outcome.ok) {
        expect(outcome.receipts.map((receipt) => receipt.id)).toEqual(ids);
        expect(stored.filter((id) => ids.includes(id))).toEqual(ids);
      } else {
        expect(codeOf(outcome)).toBe('broker_unavailable');
        // Whatever of a failed caller was stored is a prefix of its messages, in order.
        const kept = stored.filter((id) => ids.includes(id));
        expect(kept).toEqual(ids.slice(0, kept.length));
      }
    }
    expect(settled.filter((outcome) => outcome.ok).length).toBeGreaterThan(0);
    expect(settled.filter((outcome) => !outcome.ok).length).toBeGreaterThan(0);
  });
});
