/**
 * One small client, two implementations: the HTTP/JSON API and the gRPC API. The contract suite
 * runs the same cases through both, so the two protocols cannot drift apart.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { errorCatalogue, type ErrorCode } from '../../src/kernel/errors.js';
import { call, grpcClients, metadataFor, type GrpcClients, type Message } from '../infra/helpers/grpc.js';

export interface Sent {
  id: string;
  duplicate?: boolean;
}

export interface Received {
  id: string;
  lease: string;
  attempt: number;
  redelivered: boolean;
  type: string;
  data: Buffer;
}

export interface Letter {
  id: string;
  reason: string;
  data: Buffer;
}

export interface Appended {
  id: string;
  partition: number;
  offset: number;
}

export interface Read {
  id: string;
  partition: number;
  offset: number;
  data: Buffer;
}

export interface EventInput {
  type?: string;
  data: Buffer;
  contentType?: string;
  /** Sent as an extension; an invalid name must be refused. */
  extensions?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiClient {
  readonly protocol: 'http' | 'grpc';
  /** A query to a configured target: its answer whatever its status. */
  query(target: string, method: string, path: string, headers?: Record<string, string>, body?: string): Promise<Answer>;
  publish(topic: string, event: EventInput): Promise<Sent>;
  command(queue: string, event: EventInput, options?: { idempotencyKey?: string }): Promise<Sent>;
  receive(queue: string, max: number, waitMs?: number): Promise<Received[]>;
  ack(queue: string, lease: string): Promise<void>;
  nack(queue: string, lease: string, options?: { retryAfterMs?: number; deadLetter?: boolean; reason?: string }): Promise<void>;
  deadLetters(name: string): Promise<Letter[]>;
  redriveAll(name: string): Promise<number>;
  append(stream: string, data: Buffer, partitionKey?: string): Promise<Appended>;
  /** Everything from `from` (an offset, or earliest) without following. */
  read(stream: string, options: { offset?: number; partition?: number }): Promise<Read[]>;
  close(): void;
}

/** Every failure, from either protocol: our stable code and the protocol's own status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    /** HTTP status, or gRPC status number. */
    readonly status: number,
    detail: string,
    readonly limit?: number,
  ) {
    super(`${code} (${status}): ${detail}`);
  }
}

/** The status each protocol must use for a code, from the one catalogue. */
export function expectedStatus(protocol: 'http' | 'grpc', code: ErrorCode): number {
  const entry = errorCatalogue[code];
  return protocol === 'http' ? entry.http : grpcNumbers[entry.grpc];
}

const grpcNumbers: Record<(typeof errorCatalogue)[ErrorCode]['grpc'], number> = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

export function httpClient(baseUrl: string, token?: string): ApiClient {
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  async function request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(baseUrl + path, { method, ...(body !== undefined ? { body } : {}), headers: { ...auth, ...headers } });
    if (response.status >= 400 && response.headers.get('content-type') === 'application/problem+json') {
      const problem = (await response.json()) as { code: string; detail: string; limit?: number };
      throw new ApiError(problem.code, response.status, problem.detail, problem.limit);
    }
    return response;
  }
  const eventHeaders = (event: EventInput): Record<string, string> => ({
    ...(event.type !== undefined ? { 'ce-type': event.type } : {}),
    ...(event.contentType !== undefined ? { 'content-type': event.contentType } : { 'content-type': 'application/octet-stream' }),
    ...Object.fromEntries(Object.entries(event.extensions ?? {}).map(([name, value]) => [`ce-${name}`, value])),
  });
  const json = (value: unknown): [string, Record<string, string>] => [JSON.stringify(value), { 'content-type': 'application/json' }];
  const bytes = (item: { data?: unknown; data_base64?: string }): Buffer =>
    item.data_base64 !== undefined ? Buffer.from(item.data_base64, 'base64') : Buffer.from(typeof item.data === 'string' ? item.data : item.data === undefined ? '' : JSON.stringify(item.data));
  return {
    protocol: 'http',
    async query(target, method, path, headers = {}, body) {
      const response = await request(method, `/v1/query/${target}${path}`, body, headers);
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    },
    async publish(topic, event) {
      return (await (await request('POST', `/v1/publish/${topic}`, event.data, eventHeaders(event))).json()) as Sent;
    },
    async command(queue, event, options = {}) {
      const headers = { ...eventHeaders(event), ...(options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {}) };
      return (await (await request('POST', `/v1/command/${queue}`, event.data, headers)).json()) as Sent;
    },
    async receive(queue, max, waitMs = 0) {
      const list = (await (await request('POST', `/v1/command/${queue}/receive?max=${max}&waitMs=${waitMs}`)).json()) as Array<Message>;
      return list.map((d) => ({ id: d.id, lease: d.lease, attempt: d.attempt, redelivered: d.redelivered, type: d.headers['ce-type'], data: bytes(d) }));
    },
    async ack(queue, lease) {
      await request('POST', `/v1/command/${queue}/ack`, ...json({ lease }));
    },
    async nack(queue, lease, options = {}) {
      await request('POST', `/v1/command/${queue}/nack`, ...json({ lease, ...options }));
    },
    async deadLetters(name) {
      const list = (await (await request('GET', `/v1/deadletter/${name}`)).json()) as Array<Message>;
      return list.map((l) => ({ id: l.id, reason: l.reason, data: bytes(l) }));
    },
    async redriveAll(name) {
      return ((await (await request('POST', `/v1/deadletter/${name}/redrive`)).json()) as { redriven: number }).redriven;
    },
    async append(stream, data, partitionKey) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...(partitionKey !== undefined ? { 'outrigger-partition-key': partitionKey } : {}) };
      return (await (await request('POST', `/v1/stream/${stream}`, data, headers)).json()) as Appended;
    },
    async read(stream, options) {
      const query = `from=${options.offset ?? 'earliest'}&follow=false${options.partition !== undefined ? `&partition=${options.partition}` : ''}`;
      const text = await (await request('GET', `/v1/stream/${stream}?${query}`, undefined, { accept: 'application/x-ndjson' })).text();
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Message)
        .map((e) => ({ id: e.id, partition: e.partition, offset: e.offset, data: bytes(e) }));
    },
    close() {},
  };
}

export function grpcClient(address: string, token?: string): ApiClient {
  const clients: GrpcClients = grpcClients(address);
  const options = token === undefined ? {} : { token };
  async function unary(client: keyof Omit<GrpcClients, 'close'>, method: string, request: Record<string, unknown>): Promise<Message> {
    try {
      return await call(clients[client], method, request, options);
    } catch (err) {
      throw fromServiceError(err as ServiceError);
    }
  }
  const event = (input: EventInput): Record<string, unknown> => ({
    type: input.type ?? '',
    data: input.data,
    dataContentType: input.contentType ?? '',
    extensions: input.extensions ?? {},
  });
  return {
    protocol: 'grpc',
    async query(target, method, path, headers = {}, body) {
      const answer = await unary('query', 'Query', { target, method, path, headers, body: Buffer.from(body ?? '') });
      return { status: answer.status, headers: answer.headers, body: (answer.body as Buffer).toString() };
    },
    async publish(topic, input) {
      const response = await unary('publish', 'Publish', { topic, event: event(input) });
      return { id: response.id, ...(response.duplicate ? { duplicate: true } : {}) };
    },
    async command(queue, input, extra = {}) {
      const response = await unary('command', 'SendCommand', { queue, event: event(input), idempotencyKey: extra.idempotencyKey ?? '' });
      return { id: response.id, ...(response.duplicate ? { duplicate: true } : {}) };
    },
    async receive(queue, max, waitMs = 0) {
      const response = await unary('command', 'Receive', { queue, max, wait: { seconds: Math.floor(waitMs / 1000), nanos: (waitMs % 1000) * 1e6 } });
      return (response.deliveries as Array<Message>).map((d) => ({ id: d.id, lease: d.lease, attempt: d.attempt, redelivered: d.redelivered, type: d.event.type, data: d.event.data }));
    },
    async ack(queue, lease) {
      await unary('command', 'Ack', { queue, lease });
    },
    async nack(queue, lease, extra = {}) {
      const retryAfter = extra.retryAfterMs === undefined ? null : { seconds: Math.floor(extra.retryAfterMs / 1000), nanos: (extra.retryAfterMs % 1000) * 1e6 };
      await unary('command', 'Nack', { queue, lease, retryAfter, deadLetter: extra.deadLetter ?? false, reason: extra.reason ?? '' });
    },
    async deadLetters(name) {
      const response = await unary('deadLetter', 'ListDeadLetters', { name });
      return (response.deadLetters as Array<Message>).map((l) => ({ id: l.id, reason: l.reason, data: l.event.data }));
    },
    async redriveAll(name) {
      return (await unary('deadLetter', 'Redrive', { name, all: true })).redriven as number;
    },
    async append(stream, data, partitionKey) {
      return (await unary('stream', 'Append', { stream, event: { data }, ...(partitionKey !== undefined ? { partitionKey } : {}) })) as Appended;
    },
    async read(stream, options) {
      const call = clients.stream.ReadStream(
        { stream, ...(options.offset !== undefined ? { offset: options.offset } : {}), ...(options.partition !== undefined ? { partition: options.partition } : {}) },
        metadataFor(token),
      );
      const events: Read[] = [];
      try {
        for await (const e of call as AsyncIterable<Message>) events.push({ id: e.id, partition: e.partition, offset: e.offset, data: e.event.data });
      } catch (err) {
        throw fromServiceError(err as ServiceError);
      }
      return events;
    },
    close() {
      clients.close();
    },
  };
}

/** Our code from the `outrigger-code` trailer ('transport' when grpc-js itself refused the call). */
export function fromServiceError(error: ServiceError): ApiError {
  const [code] = error.metadata?.get('outrigger-code') ?? [];
  const [limit] = error.metadata?.get('outrigger-limit') ?? [];
  return new ApiError(typeof code === 'string' ? code : 'transport', error.code, error.details, limit === undefined ? undefined : Number(limit));
}
