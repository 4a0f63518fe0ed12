/**
 * POSTs deliveries to the app over a keep-alive undici pool; never throws, always answers.
 * undici is loaded with the first request, not at start: a sidecar that has pushed nothing yet
 * does not hold it (undici.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import type { MessageHeaders } from '../../drivers/contract.js';
import { linkedAbort } from '../linked-abort.js';
import type { AppAnswer } from './outcome.js';
import { parseRetryAfter } from './backoff.js';
import { undici } from '../undici.js';

const excerptBytes = 256;
const once = { once: true } as const;

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
  /** Set once undici is loaded (the first request); `opening` until then. */
  private pool: Pool | undefined;
  private opening: Promise<Pool> | undefined;
  private closed = false;
  private readonly origin: string;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly connections: number,
  ) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '');
  }

  private open(): Promise<Pool> {
    if (this.closed) return Promise.reject(new Error('the app client is closed'));
    return (this.opening ??= undici().then(({ Pool }) => (this.pool = new Pool(this.origin, { connections: this.connections, pipelining: 1, keepAliveTimeout: 30_000 }))));
  }

  /**
   * One push: the status, Retry-After and the start of the answer. Dispatched with a handler of
   * our own rather than `pool.request`, which builds a readable body stream, an async iterator
   * and abort listeners per answer: that halved the client's CPU per request in a 32-way loop
   * (56–66 µs to 29–33 µs, undici 8.13, this VM), and a push sidecar makes one request per message.
   * A timeout or abort answers at once, even before undici has a connection to abort.
   */
  deliver(path: string, headers: MessageHeaders, body: Uint8Array, timeoutMs: number, signal: AbortSignal): Promise<AppAnswer> {
    const pool = this.pool;
    if (pool === undefined) {
      return this.open().then(
        () => this.deliver(path, headers, body, timeoutMs, signal),
        (err: unknown) => ({ kind: 'unreachable', detail: (err as Error).message }),
      );
    }
    return new Promise<AppAnswer>((resolve) => {
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      // Why the request was stopped (the caller went away, or the time was up), once it was.
      let stopped: Error | undefined;
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      let status = 0;
      let retryAfter: string | undefined;
      let excerpt = '';
      const finish = (answer: AppAnswer): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
        resolve(answer);
      };
      const failed = (err: unknown): void => {
        if (signal.aborted) return finish({ kind: 'aborted' });
        if (timedOut) return finish({ kind: 'timeout', afterMs: timeoutMs });
        const error = err as NodeJS.ErrnoException;
        finish({ kind: 'unreachable', detail: error.code ?? error.message });
      };
      // The caller's signal and a timer of our own rather than a linked signal (linkedAbort):
      // nothing but this delivery listens, and a push makes one delivery per message.
      const stop = (reason: Error): void => {
        stopped = reason;
        controller?.abort(reason);
        failed(reason);
      };
      const onAbort = (): void => stop(signal.reason as Error);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, once);
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          timedOut = true;
          stop(new DOMException('The operation timed out.', 'TimeoutError'));
        }, Math.max(0, timeoutMs));
      }
      try {
        pool.dispatch(
          { method: 'POST', path: this.basePath + path, headers, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) },
          {
            onRequestStart(dispatchController) {
              controller = dispatchController;
              if (settled) dispatchController.abort(stopped ?? new Error('delivery already answered'));
            },
            onResponseStart(_controller, statusCode, responseHeaders) {
              status = statusCode;
              const value = responseHeaders['retry-after'];
              retryAfter = Array.isArray(value) ? value[0] : value;
            },
            onResponseData(_controller, chunk) {
              // The start of the answer, for the dead-letter reason; the rest is read and dropped.
              if (excerpt.length < excerptBytes) excerpt += chunk.toString('utf8', 0, Math.min(chunk.length, excerptBytes - excerpt.length));
            },
            onResponseEnd() {
              const retryAfterMs = parseRetryAfter(retryAfter);
              finish({ kind: 'status', status, excerpt: excerpt.replace(/\s+/g, ' ').trim(), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
            },
            onResponseError(_controller, err) {
              failed(err);
            },
          },
        );
      } catch (err) {
        failed(err);
      }
    });
  }

  /**
   * Sends the app an arbitrary HTTP request (request/reply over queues) and reads its whole
   * answer, up to `maxBytes`; never throws.
   */
  async request(request: AppRequest, timeoutMs: number, signal: AbortSignal, maxBytes: number): Promise<AppResponse> {
    const attempt = linkedAbort([signal], timeoutMs);
    try {
      const pool = this.pool ?? (await this.open());
      const response = await pool.request({
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
    this.closed = true;
    if (this.opening === undefined) return;
    const pool = await this.opening.catch(() => undefined);
    await pool?.close().catch(() => pool.destroy());
  }
}
