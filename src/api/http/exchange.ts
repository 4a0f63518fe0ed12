/**
 * One API request from arrival to answer: admitted, routed, handled, counted, and answered with
 * a problem document when anything fails. An object per request rather than closures: the route
 * reads it as its RouteRequest, and the response's `close` listener is one shared function.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Admission, Ticket } from '../../core/service/admission.js';
import { refuseUnknownFields } from '../../core/service/strict-input.js';
import { toOutriggerError } from '../../kernel/errors.js';
import { requestUrl } from '../http-limits.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { ApiContext } from './context.js';
import { sendProblem } from './respond.js';
import type { Router, RouteRequest } from './router.js';

/** What every exchange of one server shares. */
export interface ExchangeScope {
  api: ApiContext;
  admission: Admission;
  router: Router;
}

const exchangeOf = Symbol('exchange');
type TaggedResponse = ServerResponse & { [exchangeOf]?: Exchange };

export class Exchange implements RouteRequest {
  name = '';
  rest = '';
  private outcome = 'ok';
  private parsed: URL | undefined;
  private readonly client = new AbortController();
  private readonly ticket: Ticket;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly scope: ExchangeScope,
  ) {
    this.ticket = scope.admission.begin('unknown');
    (res as TaggedResponse)[exchangeOf] = this;
    res.on('close', responseClosed);
  }

  get api(): ApiContext {
    return this.scope.api;
  }

  /** Aborted when the client goes away. */
  get signal(): AbortSignal {
    return this.client.signal;
  }

  /** Parsed on first use: most routes read no query parameters. */
  get url(): URL {
    return (this.parsed ??= requestUrl(this.req.url ?? '/', 'http://outrigger.local'));
  }

  async serve(): Promise<void> {
    try {
      const traces = tracing();
      await (traces.enabled ? traces.serveHttp(this.req, this.res, () => this.handle()) : this.handle());
    } catch (err) {
      this.fail(err);
    }
  }

  private async handle(): Promise<void> {
    const { req, scope } = this;
    scope.admission.admit(req.headers.authorization);
    const target = req.url ?? '/';
    const mark = target.indexOf('?');
    const rawPath = mark === -1 ? target : target.slice(0, mark);
    // A plain path is already normal: URL's normalisation is skipped for it.
    const { route, name, rest } = scope.router.match(req.method ?? 'GET', isNormalPath(rawPath) ? rawPath : this.url.pathname, rawPath);
    this.ticket.interaction = route.interaction;
    this.ticket.resource = name;
    this.name = name;
    this.rest = rest;
    tracing().route(route.path);
    // A misspelt parameter (waitMS) would otherwise be ignored, and its default silently used.
    if (route.params !== undefined) refuseUnknownFields(Object.fromEntries(this.url.searchParams), route.params, '', {}, 'query parameter');
    await route.handle(this);
  }

  private fail(err: unknown): void {
    const { req, res } = this;
    const error = toOutriggerError(err);
    this.outcome = error.code;
    if (error.code === 'internal') this.scope.api.logger.error({ err, method: req.method, url: req.url }, 'request failed');
    if (error.code === 'method_not_allowed' && !res.headersSent) {
      res.setHeader('allow', (error.extensions.allow as string[]).join(', '));
    }
    if (!req.complete && !worthDraining(req.headers['content-length'])) res.setHeader('connection', 'close');
    sendProblem(res, error, req.url);
  }

  /** The response closed: count the request; abort the work of a client that left before its answer. */
  closed(): void {
    this.ticket.end(this.outcome);
    // Only a client that left before the answer was written is gone; aborting after every
    // response would build a DOMException per request for nothing (measured: ~3% of CPU).
    if (!this.res.writableFinished) this.client.abort();
  }
}

function responseClosed(this: TaggedResponse): void {
  this.off('close', responseClosed);
  const exchange = this[exchangeOf];
  this[exchangeOf] = undefined;
  exchange?.closed();
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
