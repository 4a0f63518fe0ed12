/**
 * The webhook listener: where Event Grid pushes events to the pod (`POST /webhooks/<name>` on
 * server.webhookAddr), and where it validates a new event subscription. Per request, in order:
 * 1. the webhook is known (404), the caller authenticated (auth.ts; 401, or 503 when the signing
 *    keys cannot be fetched), nothing read before;
 * 2. `OPTIONS` (the CloudEvents abuse-protection handshake): 200 with `WebHook-Allowed-Origin`
 *    echoing `WebHook-Request-Origin`, and `WebHook-Allowed-Rate: *`;
 * 3. the body: at most the webhook's maxBodyBytes (413), a content type Event Grid sends (415),
 *    JSON of the right shape (400); none of these touches the app;
 * 4. an Event Grid schema SubscriptionValidationEvent is answered `{"validationResponse": code}`;
 * 5. otherwise the events are pushed (core/webhook/delivery.ts) and the answer is its verdict:
 *    accepted 200, retry 503 with Retry-After, refused 400.
 * While the sidecar drains, deliveries get 503 so that Event Grid retries them elsewhere.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { limitedServerOptions, limitServer, requestUrl } from '../http-limits.js';
import { createServer } from '../node-http.js';
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import type { WebhookDelivery } from '../../core/webhook/delivery.js';
import { deliverySchema, parseJsonBody, toInboundEvents, validationCode } from '../../core/webhook/events.js';
import type { Logger } from '../../observability/logger.js';
import { sendJson, sendProblem } from '../http/respond.js';
import { authenticator, type Authenticator } from './auth.js';

const route = /^\/webhooks\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$/;
/** What Event Grid is told to wait before retrying when the app gave no Retry-After. */
const defaultRetryAfterSeconds = 10;

export interface WebhookServerOptions {
  webhooks: ReadonlyMap<string, WebhookDelivery>;
  logger: Logger;
  /** Aborted when draining starts: new deliveries get 503. */
  draining: AbortSignal;
  /** Aborted when in-flight pushes must stop (the grace period is over). */
  closing: AbortSignal;
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  const guards = new Map<string, Authenticator>([...options.webhooks].map(([name, webhook]) => [name, authenticator(webhook.config.auth)]));
  const server = createServer(limitedServerOptions, (req, res) => {
    void handle(req, res, options, guards).catch((err: unknown) => {
      const error = toOutriggerError(err);
      if (error.code === 'internal') options.logger.error({ err }, 'webhook request failed');
      if (!res.headersSent) sendProblem(res, error, req.url?.split('?')[0]);
      else res.destroy();
    });
  });
  // The webhook faces the Internet through an Ingress: slow and flooding clients are refused as on the API.
  return limitServer(server);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: WebhookServerOptions, guards: ReadonlyMap<string, Authenticator>): Promise<void> {
  const url = requestUrl(req.url, 'http://webhook');
  const name = route.exec(url.pathname)?.[1];
  const webhook = name === undefined ? undefined : options.webhooks.get(name);
  if (name === undefined || webhook === undefined) {
    req.resume();
    throw new OutriggerError('route_not_found', `no webhook at ${url.pathname} (webhooks are at /webhooks/<name>)`);
  }
  if (req.method !== 'POST' && req.method !== 'OPTIONS') {
    req.resume();
    res.setHeader('allow', 'POST, OPTIONS');
    throw new OutriggerError('method_not_allowed', `${req.method} is not allowed on a webhook; Event Grid POSTs (and validates with OPTIONS)`);
  }
  const problem = await guards.get(name)!(req, url);
  if (problem !== undefined) {
    req.resume();
    options.logger.warn({ webhook: name, reason: problem.reason }, problem.kind === 'refused' ? 'webhook call refused' : 'webhook call not checkable now');
    if (problem.kind === 'unavailable') throw new OutriggerError('target_unavailable', 'the token cannot be checked now (signing keys unavailable); Event Grid will retry', { retryAfterSeconds: defaultRetryAfterSeconds });
    throw new OutriggerError('unauthorized', 'the caller is not authenticated for this webhook');
  }
  if (req.method === 'OPTIONS') return answerAbuseProtection(req, res);
  if (options.draining.aborted) {
    req.resume();
    throw new OutriggerError('shutting_down', 'the sidecar is stopping; Event Grid will retry', { retryAfterSeconds: defaultRetryAfterSeconds });
  }
  const body = await readLimited(req, webhook.config.maxBodyBytes);
  const schema = deliverySchema(req.headers['content-type']);
  if (schema === undefined) throw new OutriggerError('unsupported_media_type', 'Event Grid sends application/json (Event Grid schema), application/cloudevents+json or application/cloudevents-batch+json');
  const value = parseJsonBody(body);
  if (schema === 'eventgrid') {
    const code = validationCode(value);
    if (code !== undefined) {
      options.logger.info({ webhook: name }, 'Event Grid subscription validated');
      return sendJson(res, 200, { validationResponse: code });
    }
  }
  const events = toInboundEvents(schema, value);
  const attempt = Number(req.headers['aeg-delivery-count'] ?? 0) + 1;
  const verdict = await webhook.deliver(events, Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1, options.closing);
  switch (verdict.kind) {
    case 'accept':
      res.writeHead(200, { 'content-length': 0 });
      return void res.end();
    case 'reject':
      throw new OutriggerError('bad_request', `the app refused an event: ${verdict.reason}`);
    case 'retry': {
      const seconds = verdict.retryAfterMs === undefined ? defaultRetryAfterSeconds : Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      throw new OutriggerError('target_unavailable', `an event should be retried: ${verdict.reason}`, { retryAfterSeconds: seconds });
    }
  }
}

/** CloudEvents webhook validation (abuse protection): the origin Event Grid names is allowed, at any rate. */
function answerAbuseProtection(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const origin = req.headers['webhook-request-origin'];
  const headers: Record<string, string> = { allow: 'POST, OPTIONS', 'content-length': '0' };
  if (typeof origin === 'string' && origin !== '') {
    headers['webhook-allowed-origin'] = origin;
    headers['webhook-allowed-rate'] = '*';
  }
  res.writeHead(200, headers);
  res.end();
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = (): OutriggerError => new OutriggerError('payload_too_large', `the delivery is larger than this webhook's limit of ${limit} bytes`, { extensions: { limit } });
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
