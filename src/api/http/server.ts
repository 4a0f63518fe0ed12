/**
 * The HTTP API adapter: admission (token, in-flight limit, metrics; core/service/admission.ts),
 * routing and problem+json (exchange.ts, one per request), around routes that only translate
 * HTTP to the interactions.
 */
import type { Server } from 'node:http';
import { Admission } from '../../core/service/admission.js';
import { limitedServerOptions, limitServer } from '../http-limits.js';
import { createServer } from '../node-http.js';
import type { Metrics } from '../../observability/metrics.js';
import type { ApiContext } from './context.js';
import { Exchange } from './exchange.js';
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

  const scope = { api, admission, router };
  const server = createServer(limitedServerOptions, (req, res) => void new Exchange(req, res, scope).serve());
  return limitServer(server);
}
