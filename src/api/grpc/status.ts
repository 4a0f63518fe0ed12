/**
 * Our error catalogue (src/core/errors.ts names a gRPC status for every code) turned into grpc-js
 * statuses: the one place status names become numbers, plus trailers clients can act on.
 */
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { toOutriggerError, type GrpcStatusName, type OutriggerError } from '../../kernel/errors.js';

const statusNumbers: Record<GrpcStatusName, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  NOT_FOUND: status.NOT_FOUND,
  UNIMPLEMENTED: status.UNIMPLEMENTED,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  INTERNAL: status.INTERNAL,
  UNAVAILABLE: status.UNAVAILABLE,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
};

export function grpcStatusOf(error: OutriggerError): status {
  return statusNumbers[error.grpcStatus];
}

/**
 * The status sent for a failure: the code from the catalogue, our detail as the message, and
 * trailers `outrigger-code`, `outrigger-limit` (when a limit was exceeded) and `retry-after`.
 */
export function statusFor(err: unknown): StatusObject {
  if (err instanceof StatusAnswer) return err.status;
  const error = toOutriggerError(err);
  const metadata = new Metadata();
  metadata.set('outrigger-code', error.code);
  const limit = error.extensions.limit;
  if (typeof limit === 'number') metadata.set('outrigger-limit', String(limit));
  if (error.retryAfterSeconds !== undefined) metadata.set('retry-after', String(Math.max(0, Math.ceil(error.retryAfterSeconds))));
  return { code: grpcStatusOf(error), details: error.message, metadata };
}

/**
 * A status that is an answer rather than one of our errors: a protocol adapter passing on what
 * something else said (the Dapr API relays an invoked app's HTTP error as Dapr does).
 */
export class StatusAnswer extends Error {
  constructor(
    readonly status: StatusObject,
    /** The API metrics' outcome label. */
    readonly outcome: string,
  ) {
    super(status.details);
  }
}
