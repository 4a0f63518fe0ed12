/**
 * A target reached by direct HTTP: one keep-alive undici pool per target (as many connections
 * as its bulkhead admits calls), the request and response bodies streamed, every attempt under
 * the target's resilience policy. The pool is made with the first request, when undici is loaded
 * (../undici.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import { OutriggerError } from '../../kernel/errors.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { CallOptions, ResiliencePolicy } from '../resilience/resilience-policy.js';
import { prepareBody, replayBufferBytes } from './body.js';
import { AnswerStream, dispatchAttempt, type TargetAnswer } from './answer-handler.js';
import { responseHeaders, type Headers } from './headers.js';
import { judgeError, judgeStatus, networkErrorCode } from './judge-http.js';
import { basePathOf, requestPath } from './target-path.js';
import { undici } from '../undici.js';
import type { QueryAnswer, QueryTarget, TargetRequest } from './types.js';

/** undici's own errors that mean the request itself was unusable: the caller's mistake. */
const requestErrors = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

function statusOf(answer: TargetAnswer): number {
  return answer.statusCode;
}

/** An answer that will not be passed on: a streamed body is read and dropped. */
function discard(answer: TargetAnswer): void {
  if (answer.body instanceof AnswerStream) answer.body.dump();
}

/** The headers without Content-Length, copied (undici sets the length of a body it is given whole). */
function withoutLength(headers: Headers): Headers {
  if (headers['content-length'] === undefined) return headers;
  const copy: Headers = {};
  for (const name in headers) if (name !== 'content-length') copy[name] = headers[name]!;
  return copy;
}

export class HttpTarget implements QueryTarget {
  private pool: Pool | undefined;
  private opening: Promise<Pool> | undefined;
  private closed = false;
  private readonly base: URL;
  private readonly basePath: string;

  constructor(
    private readonly name: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly policy: ResiliencePolicy,
    private readonly connections: number,
  ) {
    this.base = new URL(url);
    this.basePath = basePathOf(this.base);
  }

  private open(): Promise<Pool> {
    if (this.closed) return Promise.reject(new OutriggerError('target_unavailable', `target '${this.name}' is closed`, { retryAfterSeconds: 1, extensions: { target: this.name } }));
    return (this.opening ??= undici().then(({ Pool }) =>
      (this.pool = new Pool(this.base.origin, {
        connections: this.connections,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        // Our timeout policy bounds the wait for the answer; these are backstops for the body.
        headersTimeout: this.timeoutMs + 1_000,
        bodyTimeout: this.timeoutMs,
      })),
    ));
  }

  async send(request: TargetRequest): Promise<QueryAnswer> {
    const pool = this.pool ?? (await this.open());
    const path = requestPath(this.base, this.basePath, request.path);
    const prepared = prepareBody(request.body);
    const body = prepared instanceof Promise ? await prepared : prepared;
    // A kept body has a known length; undici sets it. A streamed one keeps the caller's, if any.
    const headers = body.replayable ? withoutLength(request.headers) : request.headers;
    const method = request.method as Dispatcher.HttpMethod;
    // Read whole, a small answer costs half the CPU of one piped through (measured: the pipe's
    // per-chunk writes and stream bookkeeping), and a target that fails mid-body is a failed
    // attempt (retried when safe) rather than a cut-off answer. Large or unknown-length answers stream.
    const attempt = (signal: AbortSignal): Promise<TargetAnswer> => {
      tracing().inject(headers);
      return dispatchAttempt(pool, { method, path, headers, body: body.forAttempt(), signal, wholeBytes: replayBufferBytes });
    };
    const options: CallOptions = { safeToRetry: request.safeToRetry && body.replayable };
    if (request.deadline !== undefined) options.deadline = request.deadline;
    if (request.signal !== undefined) options.signal = request.signal;
    try {
      const answer = await this.policy.execute<TargetAnswer>(
        {
          run: (context) => {
            const traces = tracing();
            return traces.enabled ? traces.attempt(this.name, context.attempt, () => attempt(context.signal), statusOf) : attempt(context.signal);
          },
          judge: (outcome) => (outcome.ok ? judgeStatus(outcome.value.statusCode, outcome.value.headers) : judgeError(outcome.error, body.replayable)),
          discard,
        },
        options,
      );
      return { status: answer.statusCode, headers: responseHeaders(answer.headers), body: answer.body };
    } catch (error) {
      throw this.explain(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.opening === undefined) return;
    const pool = await this.opening.catch(() => undefined);
    await pool?.close().catch(() => pool.destroy());
  }

  private explain(error: unknown): unknown {
    if (error instanceof OutriggerError) return error;
    const network = networkErrorCode(error);
    if (network !== undefined) {
      return new OutriggerError('target_unavailable', `target '${this.name}' could not be reached (${network})`, {
        retryAfterSeconds: 1,
        extensions: { target: this.name },
        cause: error,
      });
    }
    const code = (error as { code?: string } | null)?.code;
    if (code !== undefined && requestErrors.has(code)) {
      return new OutriggerError('bad_request', `the request cannot be sent to target '${this.name}': ${(error as Error).message}`, { cause: error });
    }
    return error;
  }
}
