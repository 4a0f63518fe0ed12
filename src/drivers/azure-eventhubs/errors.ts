/**
 * SDK failures as OutriggerErrors. The driver only says what happened and whether trying again
 * may help; callers decide whether to retry (docs/delivery-guarantees.md, "one place decides").
 */
import { OutriggerError } from '../../kernel/errors.js';

export interface ErrorContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "appending to stream 'orders'". */
  action: string;
}

export function toEventHubsError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  // The SDK's retry gives up with every attempt's error; the last one says what is wrong now.
  if (err instanceof AggregateError && err.errors.length > 0) return toEventHubsError(err.errors[err.errors.length - 1], context);
  const where = `${context.action} on Event Hubs broker '${context.broker}'`;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') {
    return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  }
  // MessagingError (core-amqp) carries the AMQP condition translated to a code.
  switch ((err as { code?: unknown } | null)?.code) {
    case 'MessagingEntityNotFoundError':
      return new OutriggerError('unknown_resource', `${where}: the event hub or consumer group does not exist; create it first (this driver does not manage entities)`, { cause: err });
    case 'ArgumentOutOfRangeError':
      return new OutriggerError('bad_request', `${where}: ${message}`, { cause: err });
    case 'MessageTooLargeError':
      return new OutriggerError('payload_too_large', `${where}: the event is larger than the event hub accepts`, { cause: err });
    case 'UnauthorizedError':
      return new OutriggerError('broker_unavailable', `${where}: access denied; check the credentials and their rights (Send, Listen)`, { cause: err, retriable: false });
    case 'QuotaExceededError':
      return new OutriggerError('broker_unavailable', `${where}: a quota is exceeded (${message})`, { cause: err, retriable: true, retryAfterSeconds: 10 });
    case 'ServerBusyError':
      // Event Hubs throttles throughput units with server-busy and asks for a back-off of seconds.
      return new OutriggerError('broker_unavailable', `${where}: the service is busy (throttled)`, { cause: err, retriable: true, retryAfterSeconds: 4 });
    case 'ReceiverDisconnectedError':
      return new OutriggerError('lease_expired', `${where}: another reader with a higher owner level took the partition`, { cause: err });
    case 'OperationTimeoutError':
    case 'ServiceUnavailableError':
      return new OutriggerError('timeout', `${where} timed out`, { cause: err, retriable: true });
    default:
      break;
  }
  const retryable = (err as { retryable?: unknown } | null)?.retryable;
  if (retryable === true || isTransport(err)) {
    return new OutriggerError('broker_unavailable', `${where} failed: ${message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  if (isStorage(err)) {
    return new OutriggerError('broker_unavailable', `${where}: the checkpoint store failed: ${message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}

function isTransport(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.name === 'MessagingError' ||
    (typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN)/.test(code)) ||
    /closed|disconnected|detached/i.test(err.message)
  );
}

function isStorage(err: unknown): boolean {
  return err instanceof Error && (err.name === 'RestError' || typeof (err as { statusCode?: unknown }).statusCode === 'number');
}
