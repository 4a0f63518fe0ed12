/** POST /v1/publish/{topic} and /v1/publish/{topic}/batch */
import { fromStructured } from '../../../core/cloudevents.js';
import type { PublishOptions } from '../../../core/interactions.js';
import type { BatchEntryResult } from '../../../core/service/batch.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { problemDocument } from '../../../kernel/problem.js';
import { mediaType, optionalToken, parseJson, readBody } from '../request.js';
import { sendJson } from '../respond.js';
import type { Route } from '../router.js';
import { eventFromRequest } from './events.js';

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
      // Set one by one rather than spread from conditional literals: this runs per request.
      const options: PublishOptions = { signal };
      if (idempotencyKey !== undefined) options.idempotencyKey = idempotencyKey;
      if (orderingKey !== undefined) options.orderingKey = orderingKey;
      const receipt = (await api.interactions.publish(name, [event], options))[0];
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
      const results = await api.interactions.publishBatch(name, entries as unknown[], (entry, index) => fromStructured(entry, index), signal);
      const refused = results.some((result) => 'refused' in result);
      sendJson(res, refused ? 207 : 202, { results: results.map(entryAnswer) });
    },
  },
];

function entryAnswer(result: BatchEntryResult): Record<string, unknown> {
  if ('refused' in result) return { index: result.index, status: result.refused.httpStatus, problem: problemDocument(result.refused) };
  const { id, duplicate } = result.accepted;
  return { index: result.index, status: 202, id, ...(duplicate ? { duplicate: true } : {}) };
}
