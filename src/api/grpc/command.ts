/** outrigger.v1.CommandService: SendCommand, and pull consumption (Receive, Ack, Nack). */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { maxReceive, maxReceiveWaitMs, maxRetryAfterMs } from '../../core/service/limits.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { PulledDelivery } from '../../core/interactions.js';
import { unary, type Gate } from './call.js';
import { eventFromMessage, messageFromStored } from './cloudevents.js';
import type { GrpcContext } from './context.js';
import { countOr, optionalReason, optionalToken, requireName } from './fields.js';
import { durationToMs, msToTimestamp, timestampToMs, type CloudEventMessage, type Duration, type Timestamp } from './messages.js';

interface SendCommandRequest {
  queue: string;
  event: CloudEventMessage | null;
  idempotencyKey: string;
  orderingKey: string;
  schedule?: 'delay' | 'notBefore';
  delay?: Duration | null;
  notBefore?: Timestamp | null;
  ttl: Duration | null;
}

interface ReceiveRequest {
  queue: string;
  max: number;
  wait: Duration | null;
}

interface SettleRequest {
  queue: string;
  lease: string;
  retryAfter?: Duration | null;
  deadLetter?: boolean;
  reason?: string;
}

export function commandService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  const { interactions, server } = ctx;
  return {
    SendCommand: unary(ctx, gate, 'command', (r: SendCommandRequest) => r.queue, async (request, signal) => {
      const queue = requireName(request.queue, 'queue');
      const idempotencyKey = optionalToken(request.idempotencyKey, 'idempotency_key');
      const orderingKey = optionalToken(request.orderingKey, 'ordering_key');
      let notBefore: number | undefined;
      if (request.schedule === 'delay' && request.delay) notBefore = Date.now() + durationToMs(request.delay, 'delay', 365 * 24 * 3600_000);
      if (request.schedule === 'notBefore' && request.notBefore) notBefore = timestampToMs(request.notBefore, 'not_before');
      const ttlMs = request.ttl === null ? undefined : durationToMs(request.ttl, 'ttl', Number.MAX_SAFE_INTEGER);
      if (ttlMs === 0) throw new OutriggerError('bad_request', "'ttl' must be greater than zero");
      const event = eventFromMessage(request.event, { source: interactions.appId, type: queue }, server.maxBodyBytes);
      const receipt = await interactions.sendCommand(queue, event, {
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(orderingKey !== undefined ? { orderingKey } : {}),
        ...(notBefore !== undefined ? { notBefore } : {}),
        ...(ttlMs !== undefined ? { ttlMs } : {}),
        signal,
      });
      return { id: receipt.id, duplicate: receipt.duplicate };
    }),

    Receive: unary(ctx, gate, 'pull', (r: ReceiveRequest) => r.queue, async (request, signal) => {
      const queue = requireName(request.queue, 'queue');
      const max = countOr(request.max, 1, maxReceive, 'max');
      const waitMs = request.wait === null ? 0 : durationToMs(request.wait, 'wait', maxReceiveWaitMs);
      const deliveries = await interactions.receive(queue, { max, waitMs, signal });
      return { deliveries: deliveries.map(deliveryMessage) };
    }),

    Ack: unary(ctx, gate, 'ack', (r: SettleRequest) => r.queue, async (request) => {
      const queue = requireName(request.queue, 'queue');
      await interactions.ack(queue, requireLease(request.lease));
      return {};
    }),

    Nack: unary(ctx, gate, 'nack', (r: SettleRequest) => r.queue, async (request) => {
      const queue = requireName(request.queue, 'queue');
      const lease = requireLease(request.lease);
      const retryAfterMs = request.retryAfter ? durationToMs(request.retryAfter, 'retry_after', maxRetryAfterMs) : undefined;
      const reason = optionalReason(request.reason ?? '', 'reason');
      await interactions.nack(queue, lease, {
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(request.deadLetter ? { deadLetter: true } : {}),
        ...(reason !== undefined ? { reason } : {}),
      });
      return {};
    }),
  };
}

function requireLease(lease: string): string {
  if (lease === '') throw new OutriggerError('bad_request', "'lease' (the string from Receive) is required");
  return lease;
}

function deliveryMessage(delivery: PulledDelivery): Record<string, unknown> {
  const { event, metadata } = messageFromStored(delivery.headers, delivery.data);
  return {
    id: delivery.id,
    lease: delivery.lease,
    attempt: delivery.attempt,
    redelivered: delivery.redelivered,
    event,
    orderingKey: delivery.orderingKey ?? '',
    leaseExpiresAt: msToTimestamp(delivery.leaseExpiresAt),
    metadata,
  };
}
