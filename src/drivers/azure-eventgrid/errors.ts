/**
 * SDK failures (RestError: the HTTP status and the service's error body) as OutriggerErrors.
 * The driver only says what happened and whether trying again may help; the broker's resilience
 * policy in core retries. A 429 or 503 means the service took none of the request, so it is
 * marked `unprocessed`: repeating it cannot publish a second copy.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { firstLine, isTransport, retryAfter, type RestErrorLike } from '../azure/rest-errors.js';
import { MAX_BYTES } from './limits.js';

export interface ErrorContext {
  broker: string;
  /** What was being done, e.g. "publishing to topic 'orders'". */
  action: string;
}

export function toEventGridError(err: unknown, context: ErrorContext): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${context.action} on Event Grid broker '${context.broker}'`;
  if (err instanceof Error && err.name === 'AbortError') return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  const rest = err as RestErrorLike;
  const status = typeof rest.statusCode === 'number' ? rest.statusCode : undefined;
  const said = serviceMessage(rest);
  if (status === 429 || status === 503) {
    return new OutriggerError('broker_unavailable', `${where}: the service is ${status === 429 ? 'throttling' : 'unavailable'} (${status}${said ? `: ${said}` : ''})`, {
      cause: err,
      retriable: true,
      unprocessed: true,
      retryAfterSeconds: retryAfter(rest) ?? 1,
    });
  }
  if (status === 401 || status === 403) {
    return new OutriggerError('broker_unavailable', `${where}: access denied (${status}${said ? `: ${said}` : ''}); check the key, SAS token or the identity's role (EventGrid Data Sender / Receiver)`, { cause: err, retriable: false });
  }
  if (status === 413) return new OutriggerError('payload_too_large', `${where}: the service refused the request as too large (${said || 'over 1 MB'})`, { cause: err, extensions: { limit: MAX_BYTES } });
  if (status === 404) return new OutriggerError('unknown_resource', `${where}: not found${said ? `: ${said}` : ''}`, { cause: err });
  if (status !== undefined && status >= 400 && status < 500) return new OutriggerError('bad_request', `${where} was refused by the service: ${status}${said ? ` ${said}` : ''}`, { cause: err });
  if (status !== undefined && status >= 500) return new OutriggerError('broker_unavailable', `${where}: the service failed (${status}${said ? `: ${said}` : ''})`, { cause: err, retriable: true, retryAfterSeconds: retryAfter(rest) ?? 1 });
  if (isTransport(err)) return new OutriggerError('broker_unavailable', `${where} failed: ${firstLine(rest.message)}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  return new OutriggerError('internal', `${where} failed unexpectedly; see the sidecar logs`, { cause: err });
}

/** The service's own words: `error.message` of its JSON error body, else the SDK's message. */
function serviceMessage(err: RestErrorLike): string {
  const text = err.response?.bodyAsText;
  if (typeof text === 'string' && text !== '') {
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') return body.error.message;
    } catch {
      // not JSON: fall through
    }
  }
  return firstLine(err.message ?? '');
}
