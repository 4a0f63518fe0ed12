/**
 * The Dapr-compatible HTTP listener (docs/dapr.md): Dapr's paths, token header and error body
 * in front of the same interactions and admission as the Outrigger API.
 */
import type { Server } from 'node:http';
import { createServer } from '../node-http.js';
import { headerValue } from '../../core/cloudevents.js';
import { Admission } from '../../core/service/admission.js';
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import { limitedServerOptions, limitServer, requestUrl } from '../http-limits.js';
import type { DaprContext } from './context.js';
import { sendDaprError } from './errors.js';
import { daprRoutes, type DaprRoute } from './routes.js';
import type { DaprService } from './service.js';
import { tracing } from '../../observability/tracing/tracing.js';

export function createDaprApi(context: DaprContext, service: DaprService): Server {
  const admission = new Admission({
    protocol: 'dapr',
    server: { apiToken: context.dapr.apiToken, maxInFlightRequests: context.server.maxInFlightRequests },
    metrics: context.metrics,
    tokenHint: 'send the Dapr API token as the dapr-api-token header',
    activity: context.activity,
  });

  const server = createServer(limitedServerOptions, (req, res) => {
    const ticket = admission.begin('unknown');
    let outcome = 'ok';
    res.once('close', () => ticket.end(outcome));
    const client = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) client.abort();
    });

    let errors: DaprRoute['errors'];
    const handle = async (): Promise<void> => {
      const url = requestUrl(req.url, 'http://outrigger.local');
      const { route, params } = match(req.method ?? 'GET', url.pathname);
      errors = route.errors;
      ticket.interaction = route.interaction;
      ticket.resource = params.join('/');
      tracing().route(route.path);
      const token = headerValue(req.headers['dapr-api-token']);
      if (!route.open) admission.admit(token === undefined ? undefined : `Bearer ${token}`);
      await route.handle({ req, res, url, params, context, service, signal: client.signal });
    };

    tracing().serveHttp(req, res, handle).catch((err: unknown) => {
      const error = toOutriggerError(err);
      outcome = error.code;
      if (error.code === 'internal') context.logger.error({ err, method: req.method, url: req.url }, 'dapr request failed');
      if (!req.complete) res.setHeader('connection', 'close');
      sendDaprError(res, error, errors?.[error.code]);
    });
  });
  return limitServer(server);
}

function match(method: string, pathname: string): { route: DaprRoute; params: string[] } {
  const segments = pathname.split('/').slice(1);
  let pathMatched = false;
  for (const route of daprRoutes) {
    const rest = route.path.at(-1) === '**';
    if (rest ? segments.length < route.path.length : route.path.length !== segments.length) continue;
    const params: string[] = [];
    const fits = route.path.every((expected, i) => {
      if (expected === '**') {
        params.push(segments.slice(i).join('/'));
        return segments[i] !== '';
      }
      if (expected === '*') params.push(decode(segments[i]!));
      return expected === '*' ? segments[i] !== '' : expected === segments[i];
    });
    if (!fits) continue;
    if (route.method === method || route.method === '*') return { route, params };
    pathMatched = true;
  }
  if (pathMatched) throw new OutriggerError('method_not_allowed', `${method} is not allowed on ${pathname}`);
  throw new OutriggerError('route_not_found', `this Dapr-compatible API has no route ${pathname} (docs/dapr.md lists what it has)`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new OutriggerError('invalid_name', `'${segment}' is not valid percent-encoding`);
  }
}
