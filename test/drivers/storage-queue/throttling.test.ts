/**
 * Service throttling through the broker policy: the driver never retries (the SDK's retry is off),
 * it answers 503 ServerBusy and 500 OperationTimedOut as retriable broker_unavailable with a
 * Retry-After, and core's resilience policy (the one every broker gets) retries what is safe to
 * repeat, after that pause. The faults are real HTTP answers from a proxy in front of Azurite, so
 * the request counts below are what reached the wire: one per attempt of the policy, none added
 * by the SDK.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/config/policies.js';
import { resilientDriver } from '../../../src/core/resilient-driver.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { message, receiveOne, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue({ faults: true });
const policy = { name: 'store', config: buildPolicy({ timeout: '5s', retry: { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '2s' }, circuitBreaker: { consecutiveFailures: 100 } }) };

afterEach(() => {
  sq.faults.clear();
});

describe('storage queue driver - throttling retried by the broker policy', () => {
  it('throttling - a send with an idempotency key that meets 503 ServerBusy is sent again after the Retry-After, and arrives once', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const wrapped = resilientDriver(driver, 'store', policy, new Metrics({ processMetrics: false }), createLogger('silent'));
    const sends = new RegExp(`/${inbox.queue}/messages$`);
    const busy = sq.faults.inject({ method: 'POST', path: sends, fault: { status: 503, code: 'ServerBusy', message: 'The server is busy.' } });
    const started = Date.now();
    const [receipt] = await wrapped.queues!.send(inbox.queue, [message(1, { idempotencyKey: 'k-1' })]);
    expect(receipt).toEqual({ id: 'm-1', duplicate: false });
    expect(busy.claimed()).toBe(1);
    // Two sends on the wire: the refused one and the policy's retry; the SDK added none.
    expect(sq.faults.count('POST', sends)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await receiveOne(driver, inbox)).id).toBe('m-1');
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 })).toEqual([]);
    expect(driver.eventCounts().server_busy).toBe(1);
  });

  it('throttling - a depth read that meets 500 OperationTimedOut is read again and answers', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    await driver.queues.send(inbox.queue, [message(1)]);
    const wrapped = resilientDriver(driver, 'store', policy, new Metrics({ processMetrics: false }), createLogger('silent'));
    const properties = new RegExp(`/${inbox.queue}$`);
    const timedOut = sq.faults.inject({
      method: 'GET',
      path: properties,
      query: /comp=metadata/,
      fault: { status: 500, code: 'OperationTimedOut', message: 'Operation could not be completed within the specified time.' },
    });
    const before = sq.faults.count('GET', properties, /comp=metadata/);
    expect(await wrapped.inboxes!.depth(inbox)).toEqual({ ready: 1, inFlight: 0, deadLettered: 0 });
    expect(timedOut.claimed()).toBe(1);
    // The refused read and the policy's retry reached the wire; a depth may read the poison queue too.
    expect(sq.faults.count('GET', properties, /comp=metadata/) - before).toBe(2);
    // The driver saw the 500 itself (an SDK retry would have hidden it), and the policy retried.
    expect(driver.eventCounts().server_busy).toBe(1);
  });
});
