/**
 * A target reached by direct HTTP: one keep-alive undici pool per target (as many connections
 * as its bulkhead admits calls), the request and response bodies streamed, every attempt under
 * the target's resilience policy. The pool is made with the first request, when undici is loaded
 * (../undici.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import { OutriggerError } from '../../kernel/errors.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { Call, CallContext, Judgement, Outcome } from '../resilience/policy.js';
import type { CallOptions, ResiliencePolicy } from '../resilience/resilience-policy.js';
import { prepareBody, replayBufferBytes, type PreparedBody } from './body.js';
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

/**
 * One query's attempts, as the policy runs them: an object with methods rather than a closure
 * per step, since every query makes one.
 */
class TargetCall implements Call<TargetAnswer> {
  constructor(
    private readonly target: string,
    private readonly pool: Pool,
    private readonly method: Dispatcher.HttpMethod,
    private readonly path: string,
    private readonly headers: Headers,
    private readonly body: PreparedBody,
  ) {}

  run(context: CallContext): Promise<TargetAnswer> {
    const traces = tracing();
    return traces.enabled ? traces.attempt(this.target, context.attempt, () => this.attempt(context.signal), statusOf) : this.attempt(context.signal);
  }

  // Read whole, a small answer costs half the CPU of one piped through (measured: the pipe's
  // per-chunk writes and stream bookkeeping), and a target that fails mid-body is a failed
  // attempt (retried when safe) rather than a cut-off answer. Large or unknown-length answers stream.
  private attempt(signal: AbortSignal): Promise<TargetAnswer> {
    const { headers } = this;
    tracing().inject(headers);
    return dispatchAttempt(this.pool, { method: this.method, path: this.path, headers, body: this.body.forAttempt(), signal, wholeBytes: replayBufferBytes });
  }

  judge(outcome: Outcome<TargetAnswer>): Judgement {
    return outcome.ok ? judgeStatus(outcome.value.statusCode, outcome.value.headers) : judgeError(outcome.error, this.body.replayable);
  }

  /** An answer that will not be passed on: a streamed body is read and dropped. */
  discard(answer: TargetAnswer): void {
    if (answer.body instanceof AnswerStream) answer.body.dump();
  }
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
    const options: CallOptions = { safeToRetry: request.safeToRetry && body.replayable };
    if (request.deadline !== undefined) options.deadline = request.deadline;
    if (request.signal !== undefined) options.signal = request.signal;
    try {
      const answer = await this.policy.execute(new TargetCall(this.name, pool, request.method as Dispatcher.HttpMethod, path, headers, body), options);
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
