/**
 * rabbitmq-client failures as OutriggerErrors. The driver only says what happened and whether
 * trying again may help; core decides whether to retry.
 */
import { AMQPChannelError, AMQPConnectionError, AMQPError } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';

export interface ErrorContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "sending to queue 'orders'". */
  action: string;
}

/** A lease this driver no longer holds: expired (and given back), settled, or lost with its channel. */
export function leaseExpired(action: string): OutriggerError {
  return new OutriggerError('lease_expired', `${action}: the lease on this delivery has expired, was already settled, or was lost with its channel; the message may have been delivered again`);
}

// Socket-level failures: the server is down, restarting or unreachable.
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'CONN_CLOSE', 'CH_CLOSE', 'SOCKET_CLOSED', 'CLOSING', 'CONNECTION_FORCED']);

export function toRabbitError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${context.action} on RabbitMQ broker '${context.broker}'`;
  const detail = err instanceof Error ? err.message : String(err);
  const code = typeof (err as { code?: unknown } | undefined)?.code === 'string' ? (err as { code: string }).code : '';
  if (err instanceof Error && err.name === 'AbortError') return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  if (code === 'NOT_FOUND') return new OutriggerError('unknown_resource', `${where}: ${detail}; the driver declares queues and exchanges when the resource is first ensured`, { cause: err });
  if (code === 'ACCESS_REFUSED') {
    return new OutriggerError('broker_unavailable', `${where}: access refused (${detail}); check the user's permissions on the vhost`, { cause: err, retriable: false });
  }
  if (code === 'PRECONDITION_FAILED') {
    return new OutriggerError('internal', `${where}: the server refused it (${detail}); an existing queue or exchange was declared with other arguments (another queueType, or a subscription whose ordered setting changed: delete its queue first)`, { cause: err });
  }
  if (code === 'NACK') return unavailable(where, `the server did not confirm the message (${detail})`, err);
  if (code === 'RESOURCE_ERROR' || code === 'TIMEOUT' || code.startsWith('E') || networkCodes.has(code) || err instanceof AMQPConnectionError) return unavailable(where, detail, err);
  // A closed channel (connection reset, or an earlier error on it) is replaced on the next use.
  if (err instanceof AMQPChannelError) return unavailable(where, detail, err);
  if (err instanceof AMQPError) return new OutriggerError('internal', `${where} failed: ${detail}`, { cause: err });
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}

function unavailable(where: string, detail: string, cause: unknown): OutriggerError {
  return new OutriggerError('broker_unavailable', `${where} failed: ${detail}`, { cause, retriable: true, retryAfterSeconds: 1 });
}
