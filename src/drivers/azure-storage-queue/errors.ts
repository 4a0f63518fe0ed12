/**
 * SDK failures (RestError: an HTTP status and the service's error code) as OutriggerErrors. The
 * driver only says what happened and whether trying again may help; the broker's resilience
 * policy in core decides whether to retry, so the SDK's own retry is off (clients.ts).
 */
import { OutriggerError } from '../../kernel/errors.js';
import { firstLine, isTransport, retryAfter, type RestErrorLike } from '../azure/rest-errors.js';

export interface ErrorContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "sending to queue 'orders'". */
  action: string;
}

/** The service's error code: RestError.code, or the x-ms-error-code header. */
function serviceCode(err: RestErrorLike): string | undefined {
  return err.code ?? err.response?.headers?.get('x-ms-error-code');
}

export function leaseExpired(action: string, broker: string): OutriggerError {
  return new OutriggerError(
    'lease_expired',
    `${action} on Storage Queues broker '${broker}': the visibility lease has expired or the message was settled already (its pop receipt is no longer current); the message may have been delivered again`,
  );
}

export function toStorageQueueError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${context.action} on Storage Queues broker '${context.broker}'`;
  if (err instanceof Error && err.name === 'AbortError') return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  const rest = err as RestErrorLike;
  const status = typeof rest.statusCode === 'number' ? rest.statusCode : undefined;
  const code = err instanceof Error ? serviceCode(rest) : undefined;
  switch (code) {
    // Another receive (or a renewal) replaced the pop receipt, or the message is gone (settled).
    case 'PopReceiptMismatch':
    case 'MessageNotFound':
      return leaseExpired(context.action, context.broker);
    case 'QueueNotFound':
      return new OutriggerError('unknown_resource', `${where}: the queue does not exist; create it first or set createQueues: true`, { cause: err });
    case 'RequestBodyTooLarge':
    case 'MessageTooLarge':
      return new OutriggerError('payload_too_large', `${where}: the service refused the message as larger than its 64 KiB limit`, { cause: err, extensions: { limit: 64 * 1024 } });
    case 'QueueBeingDeleted':
    case 'QueueDisabled':
      return new OutriggerError('broker_unavailable', `${where}: the queue is being deleted or is disabled (${code})`, { cause: err, retriable: true, retryAfterSeconds: 30 });
    case 'AuthenticationFailed':
    case 'AuthorizationFailure':
    case 'AuthorizationPermissionMismatch':
      return new OutriggerError('broker_unavailable', `${where}: access denied (${code}); check the credentials and their role (Storage Queue Data Contributor)`, { cause: err, retriable: false });
    default:
  }
  if (status === 503 || status === 500) {
    // 503 ServerBusy: the account or partition is throttled; 500 OperationTimedOut / InternalError:
    // the service failed this call. Both may well succeed when tried again after a pause.
    return new OutriggerError('broker_unavailable', `${where}: the service is busy or failed (${status} ${code ?? 'no error code'})`, {
      cause: err,
      retriable: true,
      retryAfterSeconds: retryAfter(rest) ?? 1,
    });
  }
  if (status === 404) return new OutriggerError('unknown_resource', `${where}: not found (${code ?? 404})`, { cause: err });
  if (status !== undefined && status >= 400 && status < 500) {
    return new OutriggerError('bad_request', `${where} was refused by the service: ${status} ${code ?? ''} ${firstLine(rest.message)}`.trim(), { cause: err });
  }
  if (isTransport(err)) {
    return new OutriggerError('broker_unavailable', `${where} failed: ${firstLine(rest.message)}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}
