/** POST /v1/publish/{topic} and /v1/publish/{topic}/batch */
import { fromStructured, type CloudEvent } from '../../../core/cloudevents.js';
import { OutriggerError, toOutriggerError } from '../../../kernel/errors.js';
import { problemDocument } from '../../../kernel/problem.js';
import { mediaType, optionalToken, parseJson, readBody } from '../request.js';
import { sendJson } from '../respond.js';
import type { Route } from '../router.js';
import { eventFromRequest } from './events.js';

const maxBatchEntries = 10_000;

export const publishRoutes: Route[] = [
  {
    method: 'POST',
    path: ['v1', 'publish', '{name}'],
    interaction: 'publish',
    async handle(request) {
      const { req, res, name, api, signal } = request;
      const idempotencyKey = optionalToken(req, 'idempotency-key');
      const orderingKey = optionalToken(req, 'outrigger-ordering-key');
      const event = await eventFromRequest(request, name);
      const [receipt] = await api.interactions.publish(name, [event], {
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(orderingKey !== undefined ? { orderingKey } : {}),
        signal,
      });
      sendJson(res, 202, receipt?.duplicate ? { id: receipt.id, duplicate: true } : { id: receipt?.id });
    },
  },
  {
    method: 'POST',
    path: ['v1', 'publish', '{name}', 'batch'],
    interaction: 'publish_batch',
    async handle({ req, res, name, api, signal }) {
      const type = mediaType(req);
      if (type !== undefined && type !== 'application/json' && type !== 'application/cloudevents-batch+json') {
        throw new OutriggerError('unsupported_media_type', `a batch is a JSON array of CloudEvents (application/cloudevents-batch+json or application/json), got '${type}'`);
      }
      const entries = parseJson(await readBody(req, api.server.maxBodyBytes));
      if (!Array.isArray(entries) || entries.length === 0) {
        throw new OutriggerError('bad_request', 'a batch is a non-empty JSON array of CloudEvents');
      }
      if (entries.length > maxBatchEntries) {
        throw new OutriggerError('payload_too_large', `a batch holds at most ${maxBatchEntries} events`, { extensions: { limit: maxBatchEntries } });
      }
      const results: Array<Record<string, unknown>> = entries.map((_, index) => ({ index }));
      const valid: CloudEvent[] = [];
      const validIndexes: number[] = [];
      entries.forEach((entry: unknown, index) => {
        try {
          valid.push(fromStructured(entry, index));
          validIndexes.push(index);
        } catch (err) {
          const error = toOutriggerError(err);
          results[index] = { index, status: error.httpStatus, problem: problemDocument(error) };
        }
      });
      if (valid.length > 0) {
        const receipts = await api.interactions.publish(name, valid, { signal });
        receipts.forEach((receipt, i) => {
          const index = validIndexes[i]!;
          results[index] = { index, status: 202, id: receipt.id, ...(receipt.duplicate ? { duplicate: true } : {}) };
        });
      }
      sendJson(res, valid.length === entries.length ? 202 : 207, { results });
    },
  },
];
