/** GET /v1/deadletter/{queue-or-subscription} and POST .../redrive */
import { encodeData } from '../../../core/cloudevents.js';
import { refuseUnknownFields } from '../../../core/service/strict-input.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { intParam, readBody, requireJsonBody } from '../request.js';
import { sendJson } from '../respond.js';
import type { Route } from '../router.js';

export const deadLetterRoutes: Route[] = [
  {
    method: 'GET',
    path: ['v1', 'deadletter', '{name}'],
    interaction: 'deadletter',
    params: ['limit'],
    async handle({ res, url, name, api }) {
      const limit = intParam(url.searchParams, 'limit', 100, 1, 1000);
      const letters = await api.interactions.deadLetters(name, limit);
      sendJson(
        res,
        200,
        letters.map((letter) => ({
          id: letter.id,
          reason: letter.reason,
          attempts: letter.attempts,
          enqueuedAt: new Date(letter.enqueuedAt).toISOString(),
          deadLetteredAt: new Date(letter.deadLetteredAt).toISOString(),
          ...(letter.orderingKey !== undefined ? { orderingKey: letter.orderingKey } : {}),
          headers: letter.headers,
          ...encodeData(letter.headers, letter.data),
        })),
      );
    },
  },
  {
    method: 'POST',
    path: ['v1', 'deadletter', '{name}', 'redrive'],
    interaction: 'redrive',
    async handle({ req, res, name, api }) {
      const raw = await readBody(req, 1024 * 1024);
      let ids: string[] | undefined;
      if (raw.length > 0) {
        const body = requireJsonBody(req, raw);
        const candidate = (body as { ids?: unknown } | null)?.ids;
        if (body === null || typeof body !== 'object' || Array.isArray(body) || (candidate !== undefined && !isStringArray(candidate))) {
          throw new OutriggerError('bad_request', "body must be empty (redrive all) or {\"ids\": [\"...\"]}");
        }
        refuseUnknownFields(body, ['ids']);
        ids = candidate;
      }
      const redriven = await api.interactions.redrive(name, ids);
      sendJson(res, 200, { redriven });
    },
  },
];

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
