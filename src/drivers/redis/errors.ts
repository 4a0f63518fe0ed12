/**
 * node-redis failures as OutriggerErrors. The driver only says what happened and whether trying
 * again may help; core decides whether to retry.
 */
import { ErrorReply } from 'redis';
import { OutriggerError } from '../../kernel/errors.js';

export function leaseExpired(action: string): OutriggerError {
  return new OutriggerError('lease_expired', `${action}: the lease has expired, was settled already, or the entry was claimed again; the message may have been delivered again`);
}

export function invalidLease(lease: string): OutriggerError {
  return new OutriggerError('invalid_lease', `'${lease.slice(0, 60)}' is not a lease this driver handed out`);
}

/** Connection-level failures: the client is closed, offline, or its socket went away. */
const transportNames = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'ReconnectStrategyError',
  'DisconnectsClientError',
  'TimeoutError',
  // A command sent but not answered within commandTimeoutMs: it may or may not have run.
  'TimeoutReadError',
]);

/** Server answers that mean "not now" rather than "never". */
const busyReplies = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|READONLY|OOM|CLUSTERDOWN)\b/;

export function toRedisError(err: unknown, broker: string, action: string): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${action} on Redis broker '${broker}'`;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') {
    return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  }
  if (err instanceof ErrorReply) {
    if (message.startsWith('NOGROUP')) {
      return new OutriggerError('unknown_resource', `${where}: the stream or its consumer group does not exist; ensure the queue or subscription first`, { cause: err });
    }
    if (/^(NOAUTH|WRONGPASS|NOPERM)\b/.test(message)) {
      return new OutriggerError('broker_unavailable', `${where}: access denied (${message}); check the url's credentials and ACL`, { cause: err, retriable: false });
    }
    if (busyReplies.test(message)) {
      return new OutriggerError('broker_unavailable', `${where}: Redis is busy (${message})`, { cause: err, retriable: true, retryAfterSeconds: 1 });
    }
    return new OutriggerError('internal', `${where} failed: ${message}`, { cause: err });
  }
  const code = (err as { code?: unknown } | null)?.code;
  if ((err instanceof Error && transportNames.has(err.constructor.name)) || (typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)/.test(code))) {
    return new OutriggerError('broker_unavailable', `${where} failed: ${message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}
