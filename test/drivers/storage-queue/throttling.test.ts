/**
 * Service throttling through the broker policy: the driver never retries (the SDK's retry is off),
 * it answers 503 ServerBusy and 500 OperationTimedOut as retriable broker_unavailable with a
 * Retry-After, and core's resilience policy (the one every broker gets) retries what is safe to
 * repeat, after that pause.
 */
import { QueueClient, RestError } from '@azure/storage-queue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPolicy } from '../../../src/config/policies.js';
import { resilientDriver } from '../../../src/core/resilient-driver.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { message, receiveOne, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue();
const policy = { name: 'store', config: buildPolicy({ timeout: '5s', retry: { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '2s' }, circuitBreaker: { consecutiveFailures: 100 } }) };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('storage queue driver - throttling retried by the broker policy', () => {
  it('throttling - a send with an idempotency key that meets 503 ServerBusy is sent again after the Retry-After, and arrives once', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const wrapped = resilientDriver(driver, 'store', policy, new Metrics({ processMetrics: false }), createLogger('silent'));
    const send = vi.spyOn(QueueClient.prototype, 'sendMessage').mockRejectedValueOnce(new RestError('The server is busy.', { statusCode: 503, code: 'ServerBusy' }));
    const started = Date.now();
    const [receipt] = await wrapped.queues!.send(inbox.queue, [message(1, { idempotencyKey: 'k-1' })]);
    expect(receipt).toEqual({ id: 'm-1', duplicate: false });
    expect(send).toHaveBeenCalledTimes(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await receiveOne(driver, inbox)).id).toBe('m-1');
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 })).toEqual([]);
  });

  it('throttling - a depth read that meets 500 OperationTimedOut is read again and answers', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    await driver.queues.send(inbox.queue, [message(1)]);
    const wrapped = resilientDriver(driver, 'store', policy, new Metrics({ processMetrics: false }), createLogger('silent'));
    const read = vi.spyOn(QueueClient.prototype, 'getProperties').mockRejectedValueOnce(new RestError('Operation could not be completed within the specified time.', { statusCode: 500, code: 'OperationTimedOut' }));
    expect(await wrapped.inboxes!.depth(inbox)).toEqual({ ready: 1, inFlight: 0, deadLettered: 0 });
    expect(read.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});
