/**
 * Outrigger's error catalogue as Dapr answers: `{"errorCode": "ERR_...", "message": ...}` with
 * the status Dapr's runtime gives that case (pkg/api/errors in dapr/dapr). Dapr answers every
 * failure to reach the broker with 500 ERR_PUBSUB_PUBLISH_MESSAGE; a Dapr client retries on it,
 * so broker_unavailable, circuit_open and timeout land there too. docs/dapr.md has the table.
 */
import type { ServerResponse } from 'node:http';
import type { ErrorCode, OutriggerError } from '../../kernel/errors.js';

export interface DaprError {
  status: number;
  errorCode: string;
}

const publishFailed: DaprError = { status: 500, errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' };
const badEvent: DaprError = { status: 400, errorCode: 'ERR_PUBSUB_EVENTS_SER' };

const table: Record<ErrorCode, DaprError> = {
  bad_request: { status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  invalid_json: { status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  invalid_cloudevent: badEvent,
  invalid_header: { status: 400, errorCode: 'ERR_PUBSUB_REQUEST_METADATA' },
  invalid_name: { status: 400, errorCode: 'ERR_TOPIC_NAME_INVALID' },
  invalid_lease: { status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  invalid_body: badEvent,
  lease_mismatch: { status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  unauthorized: { status: 401, errorCode: 'ERR_UNAUTHORIZED' },
  unknown_resource: { status: 400, errorCode: 'ERR_PUBSUB_NOT_FOUND' },
  route_not_found: { status: 404, errorCode: 'ERR_NOT_FOUND' },
  method_not_allowed: { status: 405, errorCode: 'ERR_METHOD_NOT_ALLOWED' },
  not_acceptable: { status: 400, errorCode: 'ERR_MALFORMED_REQUEST' },
  lease_expired: publishFailed,
  unsupported_operation: publishFailed,
  payload_too_large: { status: 413, errorCode: 'ERR_BODY_TOO_LARGE' },
  headers_too_large: { status: 431, errorCode: 'ERR_MALFORMED_REQUEST' },
  request_timeout: { status: 408, errorCode: 'ERR_MALFORMED_REQUEST' },
  unsupported_media_type: badEvent,
  back_pressure: { status: 429, errorCode: 'ERR_TOO_MANY_REQUESTS' },
  internal: publishFailed,
  broker_unavailable: publishFailed,
  circuit_open: publishFailed,
  target_unavailable: publishFailed,
  shutting_down: publishFailed,
  timeout: publishFailed,
};

export function daprError(error: OutriggerError): DaprError {
  return table[error.code];
}

/** `instead`: how the route's own API answers this code, where Dapr's runtime differs by API. */
export function sendDaprError(res: ServerResponse, error: OutriggerError, instead?: DaprError): void {
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  const mapped = instead ?? daprError(error);
  const body = JSON.stringify({ errorCode: mapped.errorCode, message: error.message });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = Math.max(0, Math.ceil(error.retryAfterSeconds));
  res.writeHead(mapped.status, headers);
  res.end(body);
}
