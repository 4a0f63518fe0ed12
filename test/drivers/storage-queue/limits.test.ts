/**
 * Limits, names and failures of the Storage Queues driver: the 64 KiB limit on the encoded
 * envelope (tested with ASCII bodies: Azurite mangles multibyte text near the limit), queue-name
 * rules, settings, and how service throttling (503 ServerBusy, 500 OperationTimedOut) surfaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodedSize, encodeText, toEnvelope } from '../../../src/drivers/azure-storage-queue/envelope.js';
import { createStorageQueueDriver } from '../../../src/drivers/azure-storage-queue/index.js';
import { driverRegistry } from '../../../src/drivers/registry.js';
import type { OutboundMessage } from '../../../src/drivers/contract.js';
import { expectCode } from '../../conformance/support.js';
import { message, receiveOne, text, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue({ faults: true });
const LIMIT = 64 * 1024;

afterEach(() => {
  sq.faults.clear();
});

/** An ASCII body whose encoded envelope is exactly `size` bytes in `encoding`. */
function bodyEncodedAs(size: number, encoding: 'base64' | 'text'): OutboundMessage {
  const withBody = (n: number) => message(1, { headers: { 'content-type': 'text/plain' }, data: new TextEncoder().encode('a'.repeat(n)) });
  const sizeOf = (n: number) => encodedSize(encodeText(toEnvelope(withBody(n)), encoding));
  // Base64 grows in steps of 4 per 3 bytes: search the body length whose encoding lands exactly.
  let n = Math.max(1, Math.floor((encoding === 'base64' ? (size * 3) / 4 : size) - sizeOf(1)));
  while (sizeOf(n) < size) n++;
  while (sizeOf(n) > size) n--;
  // Base64 padding makes up to three lengths encode alike: take the longest, so one more byte is over.
  while (sizeOf(n + 1) === size) n++;
  if (sizeOf(n) !== size) throw new Error(`no body encodes to exactly ${size} bytes in ${encoding}`);
  return withBody(n);
}

describe('storage queue driver - limits', () => {
  for (const encoding of ['base64', 'text'] as const) {
    it(`limits - ${encoding}: an envelope of exactly 64 KiB is sent and received whole; one byte more is payload_too_large naming the limit and the encoded size`, async () => {
      const driver = await sq.driver({ messageEncoding: encoding });
      const inbox = await sq.queue(driver);
      const fits = bodyEncodedAs(LIMIT, encoding);
      await driver.queues.send(inbox.queue, [fits]);
      const delivery = await receiveOne(driver, inbox);
      expect(text(delivery.data)).toBe(text(fits.data));
      const over = encoding === 'text' ? bodyEncodedAs(LIMIT + 1, 'text') : message(1, { headers: fits.headers, data: new Uint8Array([...fits.data, 97]) });
      const size = encodedSize(encodeText(toEnvelope(over), encoding));
      const error = await expectCode(driver.queues.send(inbox.queue, [over]), 'payload_too_large');
      expect(error.extensions).toMatchObject({ limit: LIMIT, size });
      expect(error.message).toContain(`${size} bytes once encoded`);
      expect(error.message).toContain(`${LIMIT}-byte limit`);
    });
  }
});

describe('storage queue driver - names and settings', () => {
  it('names - a queue name the service refuses is invalid_name before any request', async () => {
    const driver = await sq.driver();
    for (const bad of ['ab', 'Orders', 'a--b', '-ab', 'x'.repeat(57)]) {
      await expectCode(driver.queues.ensureQueue(bad, { maxDeliveries: 5, leaseMs: 1000, dedupWindowMs: 0 }), 'invalid_name');
    }
  });

  it('settings - every bad setting is reported in one bad_request', async () => {
    const error = await expectCode(
      createStorageQueueDriver({ name: 'store', settings: { connectionString: 'nonsense', clientId: 'c', messageEncoding: 'utf16', pollMaxMs: 1 }, dataDir: '.' }),
      'bad_request',
    );
    expect(error.extensions.problems).toEqual([
      'clientId applies only with accountUrl (Azure credentials), not with connectionString',
      'connectionString must be an Azure Storage connection string (AccountName=...;AccountKey=... or QueueEndpoint=...; the value is not shown)',
      'messageEncoding must be one of base64, text (got "utf16")',
      'pollMaxMs must be an integer from 50 to 60000 (got 1)',
    ]);
  });

  it('settings - the registry builds the driver lazily and declares capabilities truthfully', () => {
    expect(driverRegistry['azure-storage-queue']?.capabilities).toMatchObject({
      queues: true,
      topics: false,
      streams: false,
      orderingKeys: false,
      nativeDeadLetter: true,
      duplicateDetection: false,
      scheduledDelivery: true,
      ttl: true,
      maxMessageBytes: LIMIT,
    });
  });
});

describe('storage queue driver - throttling', () => {
  // Real answers from the fault proxy: the status, the service's XML error body and x-ms-error-code.
  for (const [status, code, retryAfterHeader, retryAfterSeconds] of [
    [503, 'ServerBusy', 7, 7],
    [500, 'OperationTimedOut', undefined, 1],
  ] as const) {
    it(`throttling - ${status} ${code} is broker_unavailable, retriable with a Retry-After (${retryAfterHeader === undefined ? 'none sent: 1 s' : `the service's ${retryAfterHeader} s`}), sent once (the SDK does not retry); the driver reads disconnected until a call succeeds`, async () => {
      const driver = await sq.driver();
      const inbox = await sq.queue(driver);
      const sends = new RegExp(`/${inbox.queue}/messages$`);
      const fault = sq.faults.inject({ method: 'POST', path: sends, fault: { status, code, message: `${code}: try later`, ...(retryAfterHeader === undefined ? {} : { retryAfterSeconds: retryAfterHeader }) } });
      const error = await expectCode(driver.queues.send(inbox.queue, [message(1)]), 'broker_unavailable');
      expect(error.retriable).toBe(true);
      expect(error.retryAfterSeconds).toBe(retryAfterSeconds);
      expect(error.message).toContain(`${status} ${code}`);
      expect(fault.claimed()).toBe(1);
      expect(sq.faults.count('POST', sends)).toBe(1);
      expect(driver.isConnected()).toBe(false);
      await driver.queues.send(inbox.queue, [message(1)]);
      expect(driver.isConnected()).toBe(true);
      expect(driver.eventCounts().server_busy).toBe(1);
      // Only the second send was stored.
      const delivery = await receiveOne(driver, inbox);
      expect(delivery.id).toBe('m-1');
      await driver.inboxes.ack(inbox, delivery.lease);
      expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 })).toEqual([]);
    });
  }

  it('throttling - a connection reset before the service answers is broker_unavailable, retriable, and the driver reads disconnected until a call succeeds', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const sends = new RegExp(`/${inbox.queue}/messages$`);
    sq.faults.inject({ method: 'POST', path: sends, fault: { reset: true } });
    const error = await expectCode(driver.queues.send(inbox.queue, [message(1)]), 'broker_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.retryAfterSeconds).toBe(1);
    expect(sq.faults.count('POST', sends)).toBe(1);
    expect(driver.isConnected()).toBe(false);
    await driver.queues.send(inbox.queue, [message(2)]);
    expect(driver.isConnected()).toBe(true);
    expect((await receiveOne(driver, inbox)).id).toBe('m-2');
  });
});
