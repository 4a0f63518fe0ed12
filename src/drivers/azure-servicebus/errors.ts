/**
 * SDK failures as OutriggerErrors. The driver only says what happened and whether trying again
 * may help; callers decide whether to retry (docs/delivery-guarantees.md, "one place decides").
 */
import { isServiceBusError } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';

export interface ErrorContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "sending to queue 'orders'". */
  action: string;
}

export function leaseExpired(action: string): OutriggerError {
  return new OutriggerError(
    'lease_expired',
    `${action}: the lock on this delivery has expired or was already settled; the message may have been delivered again`,
  );
}

export function toServiceBusError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  // The SDK's retry gives up with every attempt's error; the last one says what is wrong now.
  if (err instanceof AggregateError && err.errors.length > 0) return toServiceBusError(err.errors[err.errors.length - 1], context);
  const where = `${context.action} on Service Bus broker '${context.broker}'`;
  if (err instanceof Error && err.name === 'AbortError') {
    return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  }
  if (isServiceBusError(err)) {
    switch (err.code) {
      case 'MessageLockLost':
      case 'SessionLockLost':
        return new OutriggerError('lease_expired', `${where}: the lock was lost (${err.message})`, { cause: err });
      case 'MessagingEntityNotFound':
        return new OutriggerError('unknown_resource', `${where}: the entity does not exist; create it first (this driver does not manage entities yet)`, { cause: err });
      case 'MessageSizeExceeded':
        return new OutriggerError('payload_too_large', `${where}: the message is larger than the entity accepts`, { cause: err });
      case 'UnauthorizedAccess':
        return new OutriggerError('broker_unavailable', `${where}: access denied; check the credentials and their rights (Send, Listen)`, { cause: err, retriable: false });
      case 'MessagingEntityDisabled':
        return new OutriggerError('broker_unavailable', `${where}: the entity is disabled`, { cause: err, retriable: false });
      case 'QuotaExceeded':
        return new OutriggerError('broker_unavailable', `${where}: a namespace or entity quota is exceeded`, { cause: err, retriable: true, retryAfterSeconds: 10 });
      case 'ServiceBusy':
        // Service Bus asks clients to back off about 10 s when it throttles.
        return new OutriggerError('broker_unavailable', `${where}: the service is busy (throttled)`, { cause: err, retriable: true, retryAfterSeconds: 10 });
      case 'ServiceTimeout':
        return new OutriggerError('timeout', `${where} timed out`, { cause: err, retriable: true });
      case 'ServiceCommunicationProblem':
      case 'GeneralError':
      default:
        return new OutriggerError('broker_unavailable', `${where} failed: ${err.message}`, { cause: err, retriable: err.retryable !== false, retryAfterSeconds: 1 });
    }
  }
  const retryable = (err as { retryable?: unknown } | null)?.retryable;
  if (retryable === true || isTransport(err)) {
    return new OutriggerError('broker_unavailable', `${where} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}

function isTransport(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.name === 'MessagingError' ||
    (typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN)/.test(code)) ||
    /closed|disconnected|detached|error occurred on the AMQP connection/i.test(err.message)
  );
}
