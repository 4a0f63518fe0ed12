/**
 * What the rest of the sidecar asks of tracing: a few hooks, in plain data, called where a hop
 * begins (an API request, a broker operation, a push, a query attempt). This module imports no
 * OpenTelemetry code: with tracing off, the hooks are the no-op below, each a direct call of the
 * work it wraps, and the SDK is never loaded (start.ts imports it only when tracing is on).
 *
 * One tracing per process, as OpenTelemetry's own global provider: the hooks are reached through
 * `tracing()` instead of being threaded through every constructor on the hot paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Headers = Record<string, string | string[] | undefined>;

/** A message as a broker operation sees it: its id and the headers its traceparent travels in. */
export interface TracedMessage {
  id: string;
  headers: Record<string, string>;
}

/** Where a broker operation goes: `system` as in messaging.system, `destination` the entity. */
export interface Destination {
  system: string;
  destination: string;
}

export interface PushInfo {
  subscription: string;
  /** The app's path the push goes to. */
  path: string;
  messageId: string;
  attempt: number;
  /** The message's stored headers: their traceparent is the producer span's context. */
  stored: Record<string, string>;
}

export interface Tracing {
  readonly enabled: boolean;
  /** One API request over HTTP, `handle` running inside its server span; the span ends when the response closes. */
  serveHttp(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void>;
  /** The matched route of the current HTTP request, as its path segments (`['v1', 'publish', '{name}']`). */
  route(segments: readonly string[]): void;
  /** One gRPC call (`path` as /package.Service/Method); `traceparent` from its metadata. */
  serveGrpc<T>(path: string, traceparent: string | undefined, handle: () => Promise<T>): Promise<T>;
  /**
   * send, publish or append: a producer span, parent the current span or else the first
   * message's traceparent. `run` gets the messages with their traceparent set to the producer
   * span's context, so whoever consumes them continues this trace.
   */
  produce<M extends TracedMessage, T>(operation: 'send' | 'publish' | 'append', where: Destination, messages: M[], run: (stamped: M[]) => Promise<T>): Promise<T>;
  /** Messages a receive returned: a consumer span each, child of its producer; settling later continues it. */
  received(where: Destination, deliveries: ReadonlyArray<TracedMessage & { lease: string; attempt: number }>): void;
  /** ack or nack of a received message, child of its receive span. */
  settle<T>(operation: 'ack' | 'nack', where: Destination, lease: string, run: () => Promise<T>): Promise<T>;
  /** One push to the app: a client span linked to the message's producer span; `statusOf` reads the answer. */
  push<T>(info: PushInfo, run: () => Promise<T>, statusOf: (result: T) => number | string | undefined): Promise<T>;
  /** One query to a target, around all its attempts; retries and breaker decisions are its events. */
  query<T>(target: string, method: string, run: () => Promise<T>): Promise<T>;
  /** One attempt of a query: a client span. */
  attempt<T>(target: string, attempt: number, run: () => Promise<T>, statusOf?: (result: T) => number | undefined): Promise<T>;
  /** Writes the current span's context into outgoing HTTP headers (traceparent, tracestate). */
  inject(headers: Headers): void;
  /** An event on the current span (a retry, a circuit breaker decision). */
  event(name: string, attributes: Record<string, string | number | boolean>): void;
  /** Exports what is queued, within `timeoutMs`, and stops. */
  shutdown(timeoutMs: number): Promise<void>;
}

export const noTracing: Tracing = {
  enabled: false,
  serveHttp: (_req, _res, handle) => handle(),
  route: () => undefined,
  serveGrpc: (_path, _traceparent, handle) => handle(),
  produce: (_operation, _where, messages, run) => run(messages),
  received: () => undefined,
  settle: (_operation, _where, _lease, run) => run(),
  push: (_info, run) => run(),
  query: (_target, _method, run) => run(),
  attempt: (_target, _attempt, run) => run(),
  inject: () => undefined,
  event: () => undefined,
  shutdown: async () => undefined,
};

let current: Tracing = noTracing;

export function tracing(): Tracing {
  return current;
}

/** Set by the daemon at start-up (start.ts), and back to the no-op when it stops. */
export function useTracing(implementation: Tracing): void {
  current = implementation;
}
