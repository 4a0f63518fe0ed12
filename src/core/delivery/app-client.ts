/** POSTs deliveries to the app over a keep-alive undici pool; never throws, always answers. */
import { Pool, type Dispatcher } from 'undici';
import type { MessageHeaders } from '../../drivers/contract.js';
import { linkedAbort } from '../linked-abort.js';
import type { AppAnswer } from './outcome.js';
import { parseRetryAfter } from './backoff.js';

const excerptBytes = 256;

type AppResponseHeaders = Record<string, string | string[] | undefined>;

export interface AppRequest {
  method: string;
  /** Appended to app.url's path. */
  path: string;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
}

export type AppResponse =
  | { kind: 'response'; status: number; headers: AppResponseHeaders; body: Buffer }
  /** The answer was larger than the caller can carry. */
  | { kind: 'too_large'; status: number; limit: number }
  | Exclude<AppAnswer, { kind: 'status' }>;

export class AppClient {
  private readonly pool: Pool;

  constructor(baseUrl: string, connections: number) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  private readonly basePath: string;

  async deliver(path: string, headers: MessageHeaders, body: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<AppAnswer> {
    const attempt = linkedAbort([signal], timeoutMs);
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: this.basePath + path,
        headers,
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        signal: attempt.signal,
      });
      const excerpt = await readExcerpt(response.body);
      const retryAfter = response.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
      return { kind: 'status', status: response.statusCode, excerpt, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    } catch (err) {
      if (signal.aborted) return { kind: 'aborted' };
      if (attempt.signal.aborted) return { kind: 'timeout', afterMs: timeoutMs };
      const error = err as NodeJS.ErrnoException;
      return { kind: 'unreachable', detail: error.code ?? error.message };
    } finally {
      attempt.dispose();
    }
  }

  /**
   * Sends the app an arbitrary HTTP request (request/reply over queues) and reads its whole
   * answer, up to `maxBytes`; never throws.
   */
  async request(request: AppRequest, timeoutMs: number, signal: AbortSignal, maxBytes: number): Promise<AppResponse> {
    const attempt = linkedAbort([signal], timeoutMs);
    try {
      const response = await this.pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path: this.basePath + request.path,
        headers: request.headers,
        body: request.body.byteLength === 0 ? null : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
        signal: attempt.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          response.body.destroy();
          return { kind: 'too_large', status: response.statusCode, limit: maxBytes };
        }
        chunks.push(chunk);
      }
      return { kind: 'response', status: response.statusCode, headers: response.headers as AppResponseHeaders, body: Buffer.concat(chunks, size) };
    } catch (err) {
      if (signal.aborted) return { kind: 'aborted' };
      if (attempt.signal.aborted) return { kind: 'timeout', afterMs: timeoutMs };
      const error = err as NodeJS.ErrnoException;
      return { kind: 'unreachable', detail: error.code ?? error.message };
    } finally {
      attempt.dispose();
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => this.pool.destroy());
  }
}

/** The start of the app's answer, for the dead-letter reason; the rest is drained and dropped. */
async function readExcerpt(body: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    if (text.length < excerptBytes) text += chunk.toString('utf8', 0, Math.min(chunk.length, excerptBytes - text.length));
  }
  return text.replace(/\s+/g, ' ').trim();
}
