/**
 * What the REST-based Azure SDKs (@azure/core-rest-pipeline's RestError) tell about a failed
 * call, read alike by the Storage Queues and Event Grid drivers: each maps it to its own codes.
 */

/** The parts of a RestError the drivers read. */
export interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message: string;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

/** Whether the service could not be reached or answered 5xx: it says nothing about the request itself. */
export function isUnreachable(err: unknown): boolean {
  const status = (err as RestErrorLike | null)?.statusCode;
  return (typeof status === 'number' && status >= 500) || isTransport(err);
}

/** The service's Retry-After in seconds, when it sent a usable one. */
export function retryAfter(err: RestErrorLike): number | undefined {
  const value = Number(err.response?.headers?.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The request never got an answer: the pipeline's send error or a socket error. */
export function isTransport(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'REQUEST_SEND_ERROR' || /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code));
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
