/**
 * The one error catalogue. Every failure that crosses an API boundary is an OutriggerError
 * with a stable `code`; `statusFor` maps codes to HTTP and gRPC in one table.
 * Codes are part of the public contract: add new ones, never rename or reuse one.
 */

export const errorCatalogue = {
  bad_request: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Bad request' },
  invalid_json: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Body is not valid JSON' },
  invalid_cloudevent: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Not a valid CloudEvent' },
  invalid_header: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Invalid header value' },
  invalid_name: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Invalid resource name' },
  invalid_lease: { http: 400, grpc: 'INVALID_ARGUMENT', title: 'Lease is malformed' },
  unauthorized: { http: 401, grpc: 'UNAUTHENTICATED', title: 'Missing or invalid API token' },
  unknown_resource: { http: 404, grpc: 'NOT_FOUND', title: 'Unknown resource' },
  route_not_found: { http: 404, grpc: 'UNIMPLEMENTED', title: 'No such route' },
  method_not_allowed: { http: 405, grpc: 'UNIMPLEMENTED', title: 'Method not allowed' },
  not_acceptable: { http: 406, grpc: 'INVALID_ARGUMENT', title: 'Cannot produce an acceptable response' },
  lease_expired: { http: 409, grpc: 'FAILED_PRECONDITION', title: 'Lease expired or already settled' },
  unsupported_operation: { http: 409, grpc: 'FAILED_PRECONDITION', title: 'The broker cannot do this' },
  payload_too_large: { http: 413, grpc: 'RESOURCE_EXHAUSTED', title: 'Payload too large' },
  unsupported_media_type: { http: 415, grpc: 'INVALID_ARGUMENT', title: 'Unsupported content type' },
  back_pressure: { http: 429, grpc: 'RESOURCE_EXHAUSTED', title: 'Too many requests in flight' },
  internal: { http: 500, grpc: 'INTERNAL', title: 'Internal error' },
  broker_unavailable: { http: 503, grpc: 'UNAVAILABLE', title: 'Broker unavailable' },
  circuit_open: { http: 503, grpc: 'UNAVAILABLE', title: 'Circuit open' },
  target_unavailable: { http: 503, grpc: 'UNAVAILABLE', title: 'Query target unreachable' },
  shutting_down: { http: 503, grpc: 'UNAVAILABLE', title: 'Outrigger is shutting down' },
  timeout: { http: 504, grpc: 'DEADLINE_EXCEEDED', title: 'Timed out' },
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
  cause?: unknown;
}

export class OutriggerError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;
  readonly retriable: boolean;

  constructor(code: ErrorCode, detail: string, options: ErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutriggerError';
    this.code = code;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.retriable = options.retriable ?? defaultRetriable(code);
  }

  get httpStatus(): number {
    return errorCatalogue[this.code].http;
  }

  get grpcStatus(): GrpcStatusName {
    return errorCatalogue[this.code].grpc;
  }
}

function defaultRetriable(code: ErrorCode): boolean {
  return code === 'broker_unavailable' || code === 'timeout' || code === 'back_pressure' || code === 'circuit_open' || code === 'target_unavailable';
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

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problemDocument(err: OutriggerError, instance?: string): ProblemDocument {
  const entry = errorCatalogue[err.code];
  return {
    ...err.extensions,
    type: `https://outrigger.dev/problems/${err.code.replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.http,
    code: err.code,
    detail: err.message,
    ...(instance === undefined ? {} : { instance }),
  };
}
