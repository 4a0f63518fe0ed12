/**
 * A target reached by direct HTTP: one keep-alive undici pool per target (as many connections
 * as its bulkhead admits calls), the request and response bodies streamed, every attempt under
 * the target's resilience policy. The pool is made with the first request, when undici is loaded
 * (../undici.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import { OutriggerError } from '../../kernel/errors.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { ResiliencePolicy } from '../resilience/resilience-policy.js';
import { readWhole } from '../read-whole.js';
import { prepareBody, replayBufferBytes } from './body.js';
import { responseHeaders } from './headers.js';
import { judgeError, judgeStatus, networkErrorCode } from './judge-http.js';
import { targetUrl } from './target-path.js';
import { undici } from '../undici.js';
import type { QueryAnswer, QueryTarget, TargetRequest } from './types.js';

/** undici's own errors that mean the request itself was unusable: the caller's mistake. */
const requestErrors = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

interface Answered {
  response: Dispatcher.ResponseData;
  body: Buffer | Dispatcher.ResponseData['body'];
}

export class HttpTarget implements QueryTarget {
  private pool: Pool | undefined;
  private opening: Promise<Pool> | undefined;
  private closed = false;
  private readonly base: URL;

  constructor(
    private readonly name: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly policy: ResiliencePolicy,
    private readonly connections: number,
  ) {
    this.base = new URL(url);
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
    const url = targetUrl(this.base, request.path);
    const body = await prepareBody(request.body);
    const headers = { ...request.headers };
    // A kept body has a known length; undici sets it. A streamed one keeps the caller's, if any.
    if (body.replayable) delete headers['content-length'];
    try {
      const answer = await this.policy.execute<Answered>(
        {
          run: (context) => tracing().attempt(this.name, context.attempt, async () => {
            tracing().inject(headers);
            const response = await pool.request({
              method: request.method as Dispatcher.HttpMethod,
              path: url.pathname + url.search,
              headers,
              body: body.forAttempt(),
              signal: context.signal,
            });
            // Read whole, a small answer costs half the CPU of one piped through (measured: the
            // pipe's per-chunk writes and stream bookkeeping), and a target that fails mid-body is
            // a failed attempt (retried when safe) rather than a cut-off answer. Large or
            // unknown-length answers stream.
            const length = Number(response.headers['content-length'] ?? Number.NaN);
            return { response, body: length <= replayBufferBytes ? await readWhole(response.body) : response.body };
          }, (answered) => answered.response.statusCode),
          judge: (outcome) => (outcome.ok ? judgeStatus(outcome.value.response.statusCode, outcome.value.response.headers) : judgeError(outcome.error, body.replayable)),
          discard: (answered) => void answered.response.body.dump().catch(() => undefined),
        },
        {
          safeToRetry: request.safeToRetry && body.replayable,
          ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
          ...(request.signal !== undefined ? { signal: request.signal } : {}),
        },
      );
      return { status: answer.response.statusCode, headers: responseHeaders(answer.response.headers), body: answer.body };
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
