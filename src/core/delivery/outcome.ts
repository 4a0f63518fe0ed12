/**
 * What the app's answer to a push means for the message (PRODUCT.md "Push delivery"):
 * 2xx done; 408, 429, 5xx, timeout, refused: retry; any other status: poison, dead-letter now.
 */

export type AppAnswer =
  | { kind: 'status'; status: number; retryAfterMs?: number; excerpt: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'unreachable'; detail: string }
  /** The delivery was stopped by shutdown, not by the app. */
  | { kind: 'aborted' };

export type Verdict =
  | { action: 'ack' }
  | { action: 'retry'; reason: string; retryAfterMs?: number }
  | { action: 'dead_letter'; reason: string }
  /** Give the message back without counting the attempt, optionally not before a delay. */
  | { action: 'release'; retryAfterMs?: number };

export function judge(answer: AppAnswer): Verdict {
  switch (answer.kind) {
    case 'aborted':
      return { action: 'release' };
    case 'timeout':
      return { action: 'retry', reason: `app did not answer within ${answer.afterMs} ms` };
    case 'unreachable':
      return { action: 'retry', reason: `app unreachable: ${answer.detail}` };
    case 'status': {
      const { status } = answer;
      if (status >= 200 && status < 300) return { action: 'ack' };
      const reason = `app answered ${status}${answer.excerpt ? `: ${answer.excerpt}` : ''}`;
      if (status === 408 || status === 429 || status >= 500) {
        return answer.retryAfterMs === undefined ? { action: 'retry', reason } : { action: 'retry', reason, retryAfterMs: answer.retryAfterMs };
      }
      return { action: 'dead_letter', reason };
    }
  }
}

/** A retry once the message has had its `maxDeliveries` attempts is a dead-letter instead, saying why. */
export function withinAttempts(verdict: Verdict, attempt: number, maxDeliveries: number): Verdict {
  if (verdict.action !== 'retry' || attempt < maxDeliveries) return verdict;
  return { action: 'dead_letter', reason: `max deliveries (${maxDeliveries}) reached; last: ${verdict.reason}` };
}

/** A short, single-line reason for metrics labels. */
export function reasonLabel(answer: AppAnswer): string {
  if (answer.kind === 'status') return answer.status >= 500 ? '5xx' : String(answer.status);
  return answer.kind;
}
