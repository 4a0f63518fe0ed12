/** Writing responses: JSON, empty, and RFC 9457 problem documents from the error catalogue. */
import type { ServerResponse } from 'node:http';
import { type OutriggerError } from '../../kernel/errors.js';
import { problemDocument } from '../../kernel/problem.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const payload = JSON.stringify(body);
  const head: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  if (headers !== undefined) Object.assign(head, headers);
  res.writeHead(status, head);
  res.end(payload);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function sendProblem(res: ServerResponse, error: OutriggerError, instance?: string): void {
  if (res.headersSent) {
    // Mid-stream (SSE, NDJSON): the status is gone; end the stream so the client sees it stop.
    res.destroy(error);
    return;
  }
  const body = JSON.stringify(problemDocument(error, instance));
  const headers: Record<string, string | number> = {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = Math.max(0, Math.ceil(error.retryAfterSeconds));
  if (error.httpStatus === 401) headers['www-authenticate'] = 'Bearer realm="outrigger"';
  res.writeHead(error.httpStatus, headers);
  res.end(body);
}
