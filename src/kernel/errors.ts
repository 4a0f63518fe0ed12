/**
 * The one error catalogue, as data: every failure that crosses an API boundary is an
 * OutriggerError with a stable `code`, and this table says, code by code, whether trying again
 * may help and which HTTP and gRPC status it is answered with. It imports nothing, so every
 * layer (drivers included) speaks it; how an error is written on a wire is each adapter's job.
 * Codes are part of the public contract: add new ones, never rename or reuse one.
 */

export const errorCatalogue = {
  bad_request: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Bad request', retriable: false },
  invalid_json: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Body is not valid JSON', retriable: false },
  invalid_cloudevent: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Not a valid CloudEvent', retriable: false },
  invalid_header: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Invalid header value', retriable: false },
  invalid_name: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Invalid resource name', retriable: false },
  invalid_lease: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Lease is malformed', retriable: false },
  invalid_body: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Body does not match its content type', retriable: false },
  lease_mismatch: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Lease belongs to another queue', retriable: false },
  unauthorized: { http: 401, grpc: 'UNAUTHENTICATED', title: 'Missing or invalid API token', retriable: false },
  unknown_resource: { http: 404, grpc: 'NOT_FOUND', title: 'Unknown resource', retriable: false },
  route_not_found: { http: 404, grpc: 'UNIMPLEMENTED', title: 'No such route', retriable: false },
  method_not_allowed: { http: 405, grpc: 'UNIMPLEMENTED', title: 'Method not allowed', retriable: false },
  not_acceptable: { http: 406, grpc: 'INVALID_ARGUMENT', title: 'Cannot produce an acceptable response', retriable: false },
  lease_expired: { http: 409, grpc: 'FAILED_PRECONDITION', title: 'Lease expired or already settled', retriable: false },
  unsupported_operation: { http: 409, grpc: 'FAILED_PRECONDITION', title: 'The broker cannot do this', retriable: false },
  payload_too_large: { http: 413, grpc: 'RESOURCE_EXHAUSTED', title: 'Payload too large', retriable: false },
  headers_too_large: { http: 431, grpc: 'RESOURCE_EXHAUSTED', title: 'Request headers too large', retriable: false },
  request_timeout: { http: 408, grpc: 'DEADLINE_EXCEEDED', title: 'Request not received in time', retriable: false },
  unsupported_media_type: { http: 415, grpc: 'INVALID_ARGUMENT', title: 'Unsupported content type', retriable: false },
  back_pressure: { http: 429, grpc: 'RESOURCE_EXHAUSTED', title: 'Too many requests in flight', retriable: true },
  internal: { http: 500, grpc: 'INTERNAL', title: 'Internal error', retriable: false },
  broker_unavailable: { http: 503, grpc: 'UNAVAILABLE', title: 'Broker unavailable', retriable: true },
  circuit_open: { http: 503, grpc: 'UNAVAILABLE', title: 'Circuit open', retriable: true },
  target_unavailable: { http: 503, grpc: 'UNAVAILABLE', title: 'Query target unreachable', retriable: true },
  shutting_down: { http: 503, grpc: 'UNAVAILABLE', title: 'Outrigger is shutting down', retriable: false },
  timeout: { http: 504, grpc: 'DEADLINE_EXCEEDED', title: 'Timed out', retriable: true },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
export type GrpcStatusName = (typeof errorCatalogue)[ErrorCode]['grpc'];

export interface ErrorOptions {
  /** Extra members of the problem+json body (RFC 9457 extension members), e.g. `limit`. */
  extensions?: Record<string, unknown>;
  /** Seconds the caller should wait before trying again (503, 429). */
  retryAfterSeconds?: number;
  /** Whether the same call may succeed if tried again; drivers set this, callers decide. */
  retriable?: boolean;
  /**
   * The broker refused the request before doing any of it (a throttling or busy answer that
   * takes nothing), so repeating it cannot store a second copy even where a repeat otherwise
   * could. Set by drivers; the broker policy may then retry a publish or send.
   */
  unprocessed?: boolean;
  cause?: unknown;
}

export class OutriggerError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;
  readonly retriable: boolean;
  readonly unprocessed: boolean;

  constructor(code: ErrorCode, detail: string, options: ErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutriggerError';
    this.code = code;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.retriable = options.retriable ?? errorCatalogue[code].retriable;
    this.unprocessed = options.unprocessed ?? false;
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].http;
  }

  get grpcStatus(): GrpcStatusName {
    return errorCatalogue[this.code].grpc;
  }
}

export function isOutriggerError(err: unknown): err is OutriggerError {
  return err instanceof OutriggerError;
}

/** Anything thrown that is not ours is an internal error: its message stays in the logs. */
export function toOutriggerError(err: unknown): OutriggerError {
  if (err instanceof OutriggerError) return err;
  if (err instanceof Error && err.name === 'AbortError') {
    return new OutriggerError('timeout', 'The operation was aborted before it completed', { cause: err });
  }
  return new OutriggerError('internal', 'Internal error; see the sidecar logs', { cause: err });
}
