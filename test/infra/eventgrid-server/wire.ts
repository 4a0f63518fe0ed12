/**
 * The Event Grid wire details the test server shares between its routes: reading a body under
 * the service's limits, the error document the service answers with, and the SAS token check.
 * Written from the service's documented REST API (custom topic publish, namespace data plane),
 * not from any implementation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** 1 MB per event and per request, as the service documents both. */
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_REQUEST_BYTES = 1024 * 1024;

export class WireError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The whole body, or a 413 once it passes `limit` (the rest is read and dropped). */
export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new WireError(413, 'RequestEntityTooLarge', `The request size ${size} exceeds the maximum of ${limit} bytes.`);
  return Buffer.concat(chunks);
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new WireError(400, 'BadRequest', 'The request body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The service's error shape: `{"error": {"code", "message"}}`. */
export function sendError(res: ServerResponse, error: WireError): void {
  const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, headers);
}

/** What a request may authenticate with: the topic key, a SAS token signed with it, or a known bearer token. */
export interface Credentials {
  key: string;
  bearerTokens: readonly string[];
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * An `aeg-sas-token`: `r=<resource>&e=<expiry>&s=<signature>`, the signature an HMAC-SHA256 of
 * `r=...&e=...` with the Base64-decoded key, the expiry a UTC time as M/d/yyyy h:mm:ss AM|PM.
 */
export function checkSasToken(token: string, key: string, now = Date.now()): string | undefined {
  const match = /^r=([^&]+)&e=([^&]+)&s=([^&]+)$/.exec(token);
  if (match === null) return 'malformed SAS token';
  const [, resource, expiry, signature] = match as unknown as [string, string, string, string];
  const expected = createHmac('sha256', Buffer.from(key, 'base64')).update(`r=${resource}&e=${expiry}`).digest('base64');
  if (!safeEqual(decodeURIComponent(signature), expected)) return 'SAS token signature does not match';
  const expiresAt = parseServiceTime(decodeURIComponent(expiry));
  if (expiresAt === undefined) return 'SAS token expiry is malformed';
  if (expiresAt <= now) return 'SAS token has expired';
  return undefined;
}

function parseServiceTime(text: string): number | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text);
  if (match === null) return undefined;
  const [, month, day, year, hour, minute, second, half] = match as unknown as string[];
  const hours = (Number(hour) % 12) + (half === 'PM' ? 12 : 0);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), hours, Number(minute), Number(second));
}

/** Faults a test injects: the next answers refused with a status, or every answer delayed. */
export class Faults {
  #refusals: Array<{ status: number; retryAfterSeconds?: number; match?: RegExp }> = [];
  /** Added before every answer. */
  delayMs = 0;
  #resets = 0;
  /** Requests seen, by route, for tests that count calls. */
  readonly calls = new Map<string, number>();

  /** The next `count` requests (matching `match`, a path pattern) are answered `status`. */
  refuseNext(count: number, status: number, options: { retryAfterSeconds?: number; match?: RegExp } = {}): void {
    for (let i = 0; i < count; i++) this.#refusals.push({ status, ...options });
  }

  /**
   * The next `count` requests get their connection closed, unread and unanswered. On a
   * kept-alive connection that is what a client sees when it reuses a pooled socket the service
   * had closed while idle.
   */
  resetNext(count: number): void {
    this.#resets += count;
  }

  /** Resets asked for and not yet done. */
  get resetsLeft(): number {
    return this.#resets;
  }

  clear(): void {
    this.#refusals = [];
    this.delayMs = 0;
    this.#resets = 0;
  }

  /** Whether this request's connection is to be reset. */
  takeReset(): boolean {
    if (this.#resets === 0) return false;
    this.#resets--;
    return true;
  }

  /** The refusal for this request, if one is due. */
  take(path: string): WireError | undefined {
    const index = this.#refusals.findIndex((refusal) => refusal.match === undefined || refusal.match.test(path));
    if (index < 0) return undefined;
    const [refusal] = this.#refusals.splice(index, 1);
    const { status, retryAfterSeconds } = refusal!;
    const code = status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'InjectedFault';
    return new WireError(status, code, `Injected fault: ${status}`, retryAfterSeconds);
  }

  count(route: string): void {
    this.calls.set(route, (this.calls.get(route) ?? 0) + 1);
  }
}
