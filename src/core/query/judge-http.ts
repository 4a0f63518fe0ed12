/**
 * What an HTTP answer or a network error means for the policies (the same rules for a direct
 * target and a reply over a queue):
 *  - 429, 502, 503, 504: retried when the call is safe to repeat, honouring Retry-After;
 *  - any 5xx, a timeout, a connection error: a failure for the circuit breaker;
 *  - connection refused, connect timeout, DNS failure: nothing reached the target, so even a call
 *    that is not safe to repeat is tried again (when its body can be sent again);
 *  - a reset or closed connection after sending: retried only when safe;
 *  - anything else (an answer such as 404 or 500, a client error): final.
 */
import { parseRetryAfter } from '../delivery/backoff.js';
import { judgeOwnError, type Judgement } from '../resilience/policy.js';
import { isAttemptTimeout } from '../resilience/timeout.js';
import { first } from './headers.js';

const retriableStatus = new Set([429, 502, 503, 504]);
const notSent = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const network = new Set([
  ...notSent,
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** The judgement of each status answered without Retry-After, made once: every query's answer is judged. */
const plainJudgements = new Map<number, Judgement>();

export function judgeStatus(status: number, headers: Record<string, string | string[] | undefined>): Judgement {
  const retryAfter = headers['retry-after'];
  const retryAfterMs = retryAfter === undefined ? undefined : parseRetryAfter(first(retryAfter));
  if (retryAfterMs !== undefined) return { ...judgementOf(status), retryAfterMs };
  let judgement = plainJudgements.get(status);
  if (judgement === undefined) plainJudgements.set(status, (judgement = Object.freeze(judgementOf(status))));
  return judgement;
}

function judgementOf(status: number): Judgement {
  return { failure: status >= 500, retry: retriableStatus.has(status) ? 'if-safe' : 'no', reason: String(status) };
}

export function judgeError(error: unknown, replayable: boolean): Judgement {
  const own = judgeOwnError(error, isAttemptTimeout(error));
  if (own !== undefined) return own;
  const code = networkErrorCode(error);
  if (code === undefined) return { failure: false, retry: 'no', reason: 'error' };
  return { failure: true, retry: notSent.has(code) && replayable ? 'yes' : 'if-safe', reason: code };
}

/** The network error's code (ECONNREFUSED, UND_ERR_SOCKET, ...), or undefined for other errors. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && network.has(code)) return code;
  }
  return undefined;
}
