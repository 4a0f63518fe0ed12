/** The admin server: liveness, readiness and Prometheus metrics, on its own port. */
import type { Server } from 'node:http';
import type { Metrics } from '../../observability/metrics.js';
import { limitedServerOptions, limitServer } from '../http-limits.js';
import { createServer } from '../node-http.js';

export interface AdminHooks {
  /** Ready means brokers connected, subscriptions running, and not draining. */
  readiness(): { ready: boolean; detail: Record<string, unknown> };
  /** Refreshes gauges that are read from brokers (queue depth, stream lag) before a scrape. */
  beforeScrape(): Promise<void>;
}

export function createAdminServer(metrics: Metrics, hooks: AdminHooks): Server {
  const server = createServer(limitedServerOptions, (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      const { ready, detail } = hooks.readiness();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...detail }));
      return;
    }
    if (path === '/metrics') {
      hooks
        .beforeScrape()
        .catch(() => undefined)
        .then(() => metrics.registry.metrics())
        .then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text))
        .catch((err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found","routes":["/healthz","/readyz","/metrics"]}');
  });
  return limitServer(server);
}
