/**
 * NATS and JetStream failures as OutriggerErrors. The driver only says what happened and
 * whether trying again may help; core decides whether to retry.
 */
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { AuthorizationError, ClosedConnectionError, ConnectionError, DrainingConnectionError, NoRespondersError, PermissionViolationError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { OutriggerError } from '../../kernel/errors.js';

export interface ErrorContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "sending to queue 'orders'". */
  action: string;
}

/** A lease this driver no longer holds: expired (and given back), settled, or never ours. */
export function leaseExpired(action: string): OutriggerError {
  return new OutriggerError('lease_expired', `${action}: the lease on this delivery has expired or was already settled; the message may have been delivered again`);
}

export function toNatsError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${context.action} on NATS broker '${context.broker}'`;
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  if (err instanceof JetStreamApiError) {
    if (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound) {
      return new OutriggerError('unknown_resource', `${where}: ${detail}; the driver creates streams and consumers when the resource is first ensured`, { cause: err });
    }
    if (err.code === JetStreamApiCodes.JetStreamNotEnabledForAccount) {
      return new OutriggerError('broker_unavailable', `${where}: JetStream is not enabled for this account (start nats-server with -js)`, { cause: err, retriable: false });
    }
    // 503: JetStream is temporarily unable to answer (no leader, catching up).
    if (err.status === 503) return unavailable(where, detail, err);
    return new OutriggerError('internal', `${where} was refused by JetStream: ${detail}`, { cause: err });
  }
  // No JetStream answered a publish or an API request. The driver checked JetStream at connect,
  // so this is a server between restarts (JetStream answers a moment after the port does).
  if (err instanceof Error && err.name === 'JetStreamNotEnabled') {
    return unavailable(where, `${detail} (no JetStream answered: the server is restarting, or no longer runs with -js)`, err);
  }
  if (err instanceof AuthorizationError || err instanceof PermissionViolationError) {
    return new OutriggerError('broker_unavailable', `${where}: not authorized (${detail}); check the credentials and their permissions`, { cause: err, retriable: false });
  }
  if (err instanceof TimeoutError) return new OutriggerError('timeout', `${where} timed out`, { cause: err, retriable: true });
  // No responders: nothing answers the JetStream API, i.e. the server runs without -js or is
  // between restarts; a closed or draining connection is being replaced or shut down.
  if (
    err instanceof NoRespondersError ||
    err instanceof RequestError ||
    err instanceof ConnectionError ||
    err instanceof ClosedConnectionError ||
    err instanceof DrainingConnectionError
  ) {
    return unavailable(where, detail, err);
  }
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}

function unavailable(where: string, detail: string, cause: unknown): OutriggerError {
  return new OutriggerError('broker_unavailable', `${where} failed: ${detail}`, { cause, retriable: true, retryAfterSeconds: 1 });
}
