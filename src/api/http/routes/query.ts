/**
 * Query: any method on /v1/query/{target}/{path...}, proxied to the target with its status,
 * headers and body unchanged (bodies streamed both ways); and POST /v1/query, a fan-out of
 * several calls answered together.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { OutriggerError } from '../../../kernel/errors.js';
import { replayBufferBytes } from '../../../core/query/body.js';
import type { QueryRequest } from '../../../core/query/types.js';
import { optionalDuration, readBody, requireJsonBody } from '../request.js';
import { sendJson } from '../respond.js';
import type { Route } from '../router.js';
import { parseFanOutEntry } from './query-entries.js';

/** Entries in one fan-out query; more is a batch job, not a query. */
const fanOutMaxEntries = 100;
/** Entries of one fan-out query in flight at once (each target's bulkhead applies as well). */
const fanOutConcurrency = 16;

export const queryRoutes: Route[] = [
  {
    method: 'POST',
    path: ['v1', 'query'],
    interaction: 'query_many',
    async handle({ req, res, api, signal }) {
      const deadline = deadlineFrom(req);
      const body = requireJsonBody(req, await readBody(req, api.server.maxBodyBytes));
      if (!Array.isArray(body) || body.length === 0) {
        throw new OutriggerError('bad_request', 'a fan-out query is a non-empty JSON array of {target, method, path, headers, body | bodyBase64}');
      }
      const limit = fanOutMaxEntries;
      if (body.length > limit) throw new OutriggerError('payload_too_large', `a fan-out query holds at most ${limit} entries`, { extensions: { limit } });
      const entries = body.map((entry: unknown, index) => parseFanOutEntry(entry, index));
      const results = await api.interactions.queryMany(entries, {
        concurrency: fanOutConcurrency,
        maxBodyBytes: api.server.maxBodyBytes,
        signal,
        ...(deadline !== undefined ? { deadline } : {}),
      });
      sendJson(res, 200, { results });
    },
  },
  {
    method: '*',
    path: ['v1', 'query', '{name}', '{rest...}'],
    interaction: 'query',
    async handle({ req, res, name, rest, api, signal }) {
      const deadline = deadlineFrom(req);
      const url = req.url ?? '';
      const mark = url.indexOf('?');
      const request: QueryRequest = { target: name, method: req.method ?? 'GET', path: mark === -1 ? rest : rest + url.slice(mark), headers: req.headers, signal };
      if (hasBody(req)) request.body = smallBodyLength(req) !== undefined ? await readBody(req, replayBufferBytes) : (req as AsyncIterable<Uint8Array>);
      if (deadline !== undefined) request.deadline = deadline;
      const answer = await api.interactions.query(request);
      if (answer.body instanceof Uint8Array) {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      res.writeHead(answer.status, answer.headers);
      try {
        await pipeline(answer.body, res);
      } catch {
        // The caller or the target went away mid-body; the response simply ends there.
        if (!res.destroyed) res.destroy();
      }
    },
  },
];

/** Outrigger-Timeout: how long the caller will wait, as `2s`, `500ms` or milliseconds. */
function deadlineFrom(req: IncomingMessage): number | undefined {
  const timeoutMs = optionalDuration(req, 'outrigger-timeout');
  if (timeoutMs === undefined) return undefined;
  if (timeoutMs === 0) throw new OutriggerError('invalid_header', "header 'outrigger-timeout' must be longer than 0");
  return Date.now() + timeoutMs;
}

/** The declared length of a body small enough to read whole before sending it on. */
function smallBodyLength(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  if (length === undefined || req.headers['transfer-encoding'] !== undefined) return undefined;
  const bytes = Number(length);
  return Number.isInteger(bytes) && bytes <= replayBufferBytes ? bytes : undefined;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
