/**
 * @platformatic/kafka failures as OutriggerErrors. The driver only says what happened and whether
 * trying again may help; core decides whether to retry.
 */
import { AuthenticationError, findErrorBy, GenericError, NetworkError, TimeoutError } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';

/** `err` and every error it wraps (causes, and the members of aggregates). */
function* chain(err: unknown, depth = 0): Generator<Error> {
  if (!(err instanceof Error) || depth > 8) return;
  yield err;
  if (err instanceof AggregateError) for (const inner of err.errors) yield* chain(inner, depth + 1);
  yield* chain(err.cause, depth + 1);
}

/** The Kafka error code (e.g. UNKNOWN_TOPIC_OR_PARTITION) somewhere in `err`, if it has one. */
export function kafkaCode(err: unknown, ...codes: string[]): string | undefined {
  for (const error of chain(err)) {
    for (const code of codes) if (findErrorBy(error, 'apiId', code) !== null) return code;
    // The client's metadata call turns UNKNOWN_TOPIC_OR_PARTITION into a UserError of its own words.
    if (codes.includes('UNKNOWN_TOPIC_OR_PARTITION') && /^Unknown topic /.test(error.message)) return 'UNKNOWN_TOPIC_OR_PARTITION';
  }
  return undefined;
}

function hasCode(err: unknown, code: string): boolean {
  for (const error of chain(err)) if ((error as { code?: unknown }).code === code) return true;
  return false;
}

const gone = ['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID'];
const tooLarge = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'];
const denied = ['SASL_AUTHENTICATION_FAILED', 'TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'ILLEGAL_SASL_STATE', 'UNSUPPORTED_SASL_MECHANISM'];
/** A group member's generation moved on: its partitions may be someone else's now. */
const fenced = ['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'FENCED_INSTANCE_ID'];

export function toKafkaError(err: unknown, broker: string, action: string): OutriggerError {
  if (err instanceof OutriggerError) return err;
  const where = `${action} on Kafka broker '${broker}'`;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') return new OutriggerError('timeout', `${where} was aborted before it completed`, { cause: err });
  if (kafkaCode(err, ...gone) !== undefined) {
    return new OutriggerError('unknown_resource', `${where}: the topic does not exist; ensure the stream first`, { cause: err });
  }
  if (kafkaCode(err, ...tooLarge) !== undefined) {
    return new OutriggerError('payload_too_large', `${where}: the broker refused the record as too large (its message.max.bytes); lower the size or raise the broker's limit and maxMessageBytes`, {
      cause: err,
    });
  }
  const refused = kafkaCode(err, ...denied);
  if (refused !== undefined || hasCode(err, AuthenticationError.code)) {
    return new OutriggerError('broker_unavailable', `${where}: access denied (${refused ?? message}); check securityProtocol, saslMechanism, username and password`, {
      cause: err,
      retriable: false,
    });
  }
  if (kafkaCode(err, ...fenced) !== undefined) {
    return new OutriggerError('lease_expired', `${where}: this member's group generation ended (a rebalance); the partition resumes from its last committed offset`, { cause: err });
  }
  if (hasCode(err, NetworkError.code) || hasCode(err, TimeoutError.code) || (err instanceof Error && retriableProtocolError(err))) {
    return new OutriggerError('broker_unavailable', `${where} failed: ${message}`, { cause: err, retriable: true, retryAfterSeconds: 1 });
  }
  return new OutriggerError('internal', `${where} failed unexpectedly: ${message}`, { cause: err });
}

function retriableProtocolError(err: Error): boolean {
  return findErrorBy(err, 'canRetry', true) !== null || (err instanceof GenericError && err.canRetry === true);
}
