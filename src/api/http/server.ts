/**
 * The HTTP API adapter: admission (token, in-flight limit, metrics; core/service/admission.ts),
 * routing and problem+json, around routes that only translate HTTP to the interactions.
 */
import { createServer, type Server } from 'node:http';
import { Admission } from '../../core/service/admission.js';
import { refuseUnknownFields } from '../../core/service/strict-input.js';
import { toOutriggerError } from '../../kernel/errors.js';
import { limitedServerOptions, limitServer, requestUrl } from '../http-limits.js';
import type { Metrics } from '../../observability/metrics.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { ApiContext } from './context.js';
import { sendProblem } from './respond.js';
import { Router, type Route } from './router.js';
import { commandRoutes } from './routes/command.js';
import { deadLetterRoutes } from './routes/deadletter.js';
import { metaRoutes } from './routes/meta.js';
import { publishRoutes } from './routes/publish.js';
import { queryRoutes } from './routes/query.js';
import { streamRoutes } from './routes/stream.js';

export const apiRoutes: Route[] = [...publishRoutes, ...commandRoutes, ...streamRoutes, ...deadLetterRoutes, ...metaRoutes, ...queryRoutes];

export function createHttpApi(api: ApiContext, metrics: Metrics): Server {
  const router = new Router(apiRoutes);
  const admission = new Admission({ protocol: 'http', server: api.server, metrics, tokenHint: 'send the API token as Authorization: Bearer <token>', activity: api.activity });

  const server = createServer(limitedServerOptions, (req, res) => {
    const ticket = admission.begin('unknown');
    let outcome = 'ok';
    const client = new AbortController();
    res.once('close', () => {
      ticket.end(outcome);
      // Only a client that left before the answer was written is gone; aborting after every
      // response would build a DOMException per request for nothing (measured: ~3% of CPU).
      if (!res.writableFinished) client.abort();
    });

    const handle = async (): Promise<void> => {
      admission.admit(req.headers.authorization);
      const target = req.url ?? '/';
      const mark = target.indexOf('?');
      const rawPath = mark === -1 ? target : target.slice(0, mark);
      // Most requests need neither a parsed URL (only routes with query parameters read it) nor
      // URL's normalisation (a plain path is already normal): both are skipped for them.
      let url: URL | undefined;
      const parsed = (): URL => (url ??= requestUrl(target, 'http://outrigger.local'));
      const { route, name, rest } = router.match(req.method ?? 'GET', isNormalPath(rawPath) ? rawPath : parsed().pathname, rawPath);
      ticket.interaction = route.interaction;
      ticket.resource = name;
      tracing().route(route.path);
      // A misspelt parameter (waitMS) would otherwise be ignored, and its default silently used.
      if (route.params !== undefined) refuseUnknownFields(Object.fromEntries(parsed().searchParams), route.params, '', {}, 'query parameter');
      await route.handle({
        req,
        res,
        get url() {
          return parsed();
        },
        name,
        rest,
        api,
        signal: client.signal,
      });
    };

    tracing().serveHttp(req, res, handle).catch((err: unknown) => {
      const error = toOutriggerError(err);
      outcome = error.code;
      if (error.code === 'internal') api.logger.error({ err, method: req.method, url: req.url }, 'request failed');
      if (error.code === 'method_not_allowed' && !res.headersSent) {
        res.setHeader('allow', (error.extensions.allow as string[]).join(', '));
      }
      if (!req.complete && !worthDraining(req.headers['content-length'])) res.setHeader('connection', 'close');
      sendProblem(res, error, req.url);
    });
  });
  return limitServer(server);
}

/**
 * Letters, digits, `-._~` and slashes, without `.` or `..` segments and not starting with `//`
 * (which URL reads as an authority): a path URL would leave exactly as it is.
 */
const normalPath = /^\/(?!\/)[A-Za-z0-9\-._~/]*$/;
const dotSegment = /\/\.\.?(?:\/|$)/;

function isNormalPath(path: string): boolean {
  return normalPath.test(path) && !dotSegment.test(path);
}

/**
 * Whether a refused request's unread rest is small enough to read and drop (Node does, the
 * connection kept) rather than close on it: a client still sending its body when the answer
 * comes would otherwise fail writing to a closed socket (EPIPE) before it reads the 413. A body of
 * unknown or large length is not worth reading for nothing, so that connection closes.
 */
const drainableBytes = 16 * 1024 * 1024;

function worthDraining(contentLength: string | undefined): boolean {
  const length = contentLength === undefined ? Number.NaN : Number(contentLength);
  return Number.isSafeInteger(length) && length <= drainableBytes;
}
