/**
 * The hooks of tracing.ts as OpenTelemetry spans, named and attributed by the semantic
 * conventions for HTTP, RPC and messaging. Loaded only when tracing is on (start.ts).
 *
 * Trace shape: an API request is a server span; a broker write under it a producer span whose
 * context becomes the message's stored traceparent; on the consuming side a receive span and
 * each push to the app continue that trace as children of the producer span, the push also
 * linked to it (the messaging conventions' link from a delivery to its creation); settling is a
 * child of the receive. A query is an internal span with a client span per attempt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { toOutriggerError } from '../../kernel/errors.js';
import type { Destination, Headers, PushInfo, TracedMessage, Tracing } from './tracing.js';

/** Receive spans waiting for their message to be settled; beyond this, the oldest are forgotten (their settle span then hangs off the current span). */
const rememberedLeases = 10_000;

const propagator = new W3CTraceContextPropagator();

export class OtelTracing implements Tracing {
  readonly enabled = true;
  private readonly leases = new Map<string, Context>();

  constructor(
    private readonly tracer: Tracer,
    private readonly stop: (timeoutMs: number) => Promise<void>,
  ) {}

  serveHttp(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void> {
    const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const method = req.method ?? 'GET';
    const span = this.tracer.startSpan(method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method, 'url.path': (req.url ?? '/').split('?', 1)[0]!, 'url.scheme': 'http', 'network.protocol.version': req.httpVersion },
    }, parent);
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!res.writableFinished) span.setAttribute('error.type', 'client_gone');
      span.end();
    });
    return context.with(trace.setSpan(parent, span), handle);
  }

  route(segments: readonly string[]): void {
    const span = trace.getSpan(context.active());
    if (span === undefined) return;
    const template = `/${segments.join('/')}`;
    span.setAttribute('http.route', template);
    span.updateName(`${spanMethod(span)} ${template}`);
  }

  serveGrpc<T>(path: string, traceparent: string | undefined, handle: () => Promise<T>): Promise<T> {
    const parent = traceparent === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter);
    const [service = '', method = ''] = path.replace(/^\//, '').split('/');
    const span = this.tracer.startSpan(`${service}/${method}`, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method } }, parent);
    return this.within(span, parent, handle);
  }

  produce<M extends TracedMessage, T>(operation: 'send' | 'publish' | 'append', where: Destination, messages: M[], run: (stamped: M[]) => Promise<T>): Promise<T> {
    const active = context.active();
    const parent = trace.getSpan(active) !== undefined ? active : extract(messages[0]?.headers);
    const attributes: Attributes = { ...messaging(where, 'send', operation) };
    if (messages.length === 1) attributes['messaging.message.id'] = messages[0]!.id;
    else attributes['messaging.batch.message_count'] = messages.length;
    const span = this.tracer.startSpan(`${operation} ${where.destination}`, { kind: SpanKind.PRODUCER, attributes }, parent);
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
    const stamped = messages.map((message) => ({ ...message, headers: { ...message.headers, ...carrier } }));
    return this.within(span, parent, () => run(stamped));
  }

  received(where: Destination, deliveries: ReadonlyArray<TracedMessage & { lease: string; attempt: number }>): void {
    for (const delivery of deliveries) {
      const producer = extract(delivery.headers);
      const producerSpan = trace.getSpanContext(producer);
      const parent = producerSpan === undefined ? context.active() : producer;
      const span = this.tracer.startSpan(`receive ${where.destination}`, {
        kind: SpanKind.CONSUMER,
        attributes: { ...messaging(where, 'receive', 'receive'), 'messaging.message.id': delivery.id, 'outrigger.delivery.attempt': delivery.attempt },
        ...(producerSpan === undefined ? {} : { links: [{ context: producerSpan }] }),
      }, parent);
      span.end();
      if (this.leases.size >= rememberedLeases) this.leases.delete(this.leases.keys().next().value!);
      this.leases.set(delivery.lease, trace.setSpan(parent, span));
    }
  }

  settle<T>(operation: 'ack' | 'nack', where: Destination, lease: string, run: () => Promise<T>): Promise<T> {
    const parent = this.leases.get(lease) ?? context.active();
    this.leases.delete(lease);
    // A settle whose receive is forgotten, outside any request, would be a trace of its own: noise.
    if (trace.getSpan(parent) === undefined) return run();
    const span = this.tracer.startSpan(`${operation} ${where.destination}`, { kind: SpanKind.CLIENT, attributes: messaging(where, 'settle', operation) }, parent);
    return this.within(span, parent, run);
  }

  push<T>(info: PushInfo, run: () => Promise<T>, statusOf: (result: T) => number | string | undefined): Promise<T> {
    const producer = extract(info.stored);
    const producerSpan = trace.getSpanContext(producer);
    const span = this.tracer.startSpan(`POST ${info.path}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': 'POST',
        'url.path': info.path,
        'messaging.operation.type': 'process',
        'messaging.message.id': info.messageId,
        'messaging.consumer.group.name': info.subscription,
        'outrigger.subscription': info.subscription,
        'outrigger.delivery.attempt': info.attempt,
      },
      ...(producerSpan === undefined ? {} : { links: [{ context: producerSpan, attributes: { 'outrigger.link': 'producer' } } satisfies Link] }),
    }, producer);
    return this.within(span, producer, run, (result) => answered(span, statusOf(result)));
  }

  query<T>(target: string, method: string, run: () => Promise<T>): Promise<T> {
    const parent = context.active();
    const span = this.tracer.startSpan(`query ${target}`, { kind: SpanKind.INTERNAL, attributes: { 'outrigger.target': target, 'http.request.method': method } }, parent);
    return this.within(span, parent, run);
  }

  attempt<T>(target: string, attempt: number, run: () => Promise<T>, statusOf?: (result: T) => number | undefined): Promise<T> {
    const parent = context.active();
    const method = spanAttribute(trace.getSpan(parent), 'http.request.method') ?? 'GET';
    const attributes: Attributes = { 'http.request.method': method, 'outrigger.target': target, 'outrigger.attempt': attempt };
    if (attempt > 1) attributes['http.request.resend_count'] = attempt - 1;
    const span = this.tracer.startSpan(method, { kind: SpanKind.CLIENT, attributes }, parent);
    return this.within(span, parent, run, statusOf === undefined ? undefined : (result) => answered(span, statusOf(result)));
  }

  inject(headers: Headers): void {
    const active = context.active();
    if (trace.getSpan(active) === undefined) return;
    propagator.inject(active, headers, defaultTextMapSetter);
  }

  event(name: string, attributes: Record<string, string | number | boolean>): void {
    trace.getSpan(context.active())?.addEvent(name, attributes);
  }

  shutdown(timeoutMs: number): Promise<void> {
    return this.stop(timeoutMs);
  }

  /** Runs `fn` as the span's work, ending the span with its outcome. */
  private async within<T>(span: Span, parent: Context, fn: () => Promise<T>, onResult?: (result: T) => void): Promise<T> {
    try {
      const result = await context.with(trace.setSpan(parent, span), fn);
      onResult?.(result);
      return result;
    } catch (err) {
      const error = toOutriggerError(err);
      span.setAttribute('error.type', error.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      if (error.code === 'circuit_open') span.addEvent('circuit_breaker.rejected', { 'outrigger.error.code': error.code });
      throw err;
    } finally {
      span.end();
    }
  }
}

function extract(headers: Record<string, string> | undefined): Context {
  return headers?.['traceparent'] === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

function messaging(where: Destination, type: 'send' | 'receive' | 'settle', name: string): Attributes {
  return { 'messaging.system': where.system, 'messaging.destination.name': where.destination, 'messaging.operation.type': type, 'messaging.operation.name': name };
}

/** A status code, or the way an answer failed (timeout, unreachable). */
function answered(span: Span, status: number | string | undefined): void {
  if (typeof status === 'number') {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } else if (status !== undefined) {
    span.setAttribute('error.type', status);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** The SDK's spans keep their attributes readable; the API's Span type does not say so. */
function spanAttribute(span: Span | undefined, key: string): string | undefined {
  const value = (span as { attributes?: Attributes } | undefined)?.attributes?.[key];
  return typeof value === 'string' ? value : undefined;
}

function spanMethod(span: Span): string {
  return spanAttribute(span, 'http.request.method') ?? 'GET';
}
