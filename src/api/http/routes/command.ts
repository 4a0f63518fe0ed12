/** POST /v1/command/{queue}, and pull consumption: receive, ack, nack. */
import { encodeData } from '../../../core/cloudevents.js';
import type { CommandOptions } from '../../../core/interactions.js';
import { maxReasonLength, maxReceive, maxReceiveWaitMs, maxRetryAfterMs } from '../../../core/service/limits.js';
import { refuseUnknownFields } from '../../../core/service/strict-input.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { intParam, optionalDuration, optionalTime, optionalToken, readBody, requireJsonBody } from '../request.js';
import { sendJson, sendNoContent } from '../respond.js';
import type { Route, RouteRequest } from '../router.js';
import { eventFromRequest } from './events.js';

export const commandRoutes: Route[] = [
  {
    method: 'POST',
    path: ['v1', 'command', '{name}'],
    interaction: 'command',
    async handle(request) {
      const { req, res, name, api, signal } = request;
      const idempotencyKey = optionalToken(req, 'idempotency-key');
      const orderingKey = optionalToken(req, 'outrigger-ordering-key');
      const delayMs = optionalDuration(req, 'outrigger-delay');
      const notBeforeTime = optionalTime(req, 'outrigger-not-before');
      const ttlMs = optionalDuration(req, 'outrigger-ttl');
      if (delayMs !== undefined && notBeforeTime !== undefined) {
        throw new OutriggerError('invalid_header', 'give Outrigger-Delay or Outrigger-Not-Before, not both');
      }
      if (ttlMs === 0) throw new OutriggerError('invalid_header', 'Outrigger-TTL must be greater than zero');
      const notBefore = delayMs !== undefined ? Date.now() + delayMs : notBeforeTime;
      const event = await eventFromRequest(request, name);
      // Set one by one rather than spread from conditional literals: this runs per request.
      const options: CommandOptions = { signal };
      if (idempotencyKey !== undefined) options.idempotencyKey = idempotencyKey;
      if (orderingKey !== undefined) options.orderingKey = orderingKey;
      if (notBefore !== undefined) options.notBefore = notBefore;
      if (ttlMs !== undefined) options.ttlMs = ttlMs;
      const receipt = await api.interactions.sendCommand(name, event, options);
      sendJson(res, 202, receipt.duplicate ? { id: receipt.id, duplicate: true } : { id: receipt.id });
    },
  },
  {
    method: 'POST',
    path: ['v1', 'command', '{name}', 'receive'],
    interaction: 'pull',
    params: ['max', 'waitMs'],
    async handle({ res, url, name, api, signal }) {
      const max = intParam(url.searchParams, 'max', 1, 1, maxReceive);
      const waitMs = intParam(url.searchParams, 'waitMs', 0, 0, maxReceiveWaitMs);
      const deliveries = await api.interactions.receive(name, { max, waitMs, signal });
      sendJson(
        res,
        200,
        deliveries.map((d) => ({
          id: d.id,
          lease: d.lease,
          attempt: d.attempt,
          redelivered: d.redelivered,
          leaseExpiresAt: new Date(d.leaseExpiresAt).toISOString(),
          ...(d.orderingKey !== undefined ? { orderingKey: d.orderingKey } : {}),
          headers: d.headers,
          ...encodeData(d.headers, d.data),
        })),
      );
    },
  },
  {
    method: 'POST',
    path: ['v1', 'command', '{name}', 'ack'],
    interaction: 'ack',
    async handle(request) {
      const { lease } = await settleBody(request, ackFields);
      await request.api.interactions.ack(request.name, lease);
      sendNoContent(request.res);
    },
  },
  {
    method: 'POST',
    path: ['v1', 'command', '{name}', 'nack'],
    interaction: 'nack',
    async handle(request) {
      const body = await settleBody(request, nackFields);
      const { retryAfterMs, deadLetter, reason } = body;
      if (retryAfterMs !== undefined && (typeof retryAfterMs !== 'number' || !Number.isInteger(retryAfterMs) || retryAfterMs < 0 || retryAfterMs > maxRetryAfterMs)) {
        throw new OutriggerError('bad_request', "'retryAfterMs' must be an integer number of milliseconds between 0 and 7 days");
      }
      if (deadLetter !== undefined && typeof deadLetter !== 'boolean') throw new OutriggerError('bad_request', "'deadLetter' must be true or false");
      if (reason !== undefined && (typeof reason !== 'string' || reason.length > maxReasonLength)) {
        throw new OutriggerError('bad_request', `'reason' must be a string of at most ${maxReasonLength} characters`);
      }
      await request.api.interactions.nack(request.name, body.lease, {
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(deadLetter !== undefined ? { deadLetter } : {}),
        ...(reason !== undefined ? { reason } : {}),
      });
      sendNoContent(request.res);
    },
  },
];

const ackFields = ['lease'];
const nackFields = ['lease', 'retryAfterMs', 'deadLetter', 'reason'];

async function settleBody({ req }: RouteRequest, fields: readonly string[]): Promise<{ lease: string; [key: string]: unknown }> {
  const body = requireJsonBody(req, await readBody(req, 64 * 1024));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new OutriggerError('bad_request', 'body must be a JSON object with a lease');
  refuseUnknownFields(body, fields);
  const lease = (body as Record<string, unknown>).lease;
  if (typeof lease !== 'string' || lease.length === 0) throw new OutriggerError('bad_request', "'lease' (the string from receive) is required");
  return body as { lease: string };
}
