/**
 * How a CLI run ends. The exit codes are documented (`outrigger --help`, README) so scripts can
 * tell "the sidecar said no" from "I typed it wrong" from "there is no sidecar".
 */
import { errorCatalogue, type ErrorCode } from '../kernel/errors.js';

export const exitCodes = Object.freeze({
  ok: 0,
  /** The sidecar answered with an error, or a local check failed (validate, inject). */
  failed: 1,
  /** Unknown verb or flag, missing or malformed argument. */
  usage: 2,
  /** Nothing answered at the sidecar's address. */
  unreachable: 3,
});

export class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** The problem+json document the sidecar answered with, when it did. */
    readonly problem?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Printed as one line followed by the verb's usage. */
export class UsageError extends CliFailure {
  constructor(message: string) {
    super(exitCodes.usage, message);
    this.name = 'UsageError';
  }
}

/** A failure answer: `code: detail`, in the catalogue's words when the sidecar gave no detail. */
export function answerFailure(status: number, body: unknown): CliFailure {
  const problem = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const code = typeof problem?.['code'] === 'string' ? problem['code'] : undefined;
  const known = code !== undefined && Object.hasOwn(errorCatalogue, code) ? errorCatalogue[code as ErrorCode] : undefined;
  const detail = typeof problem?.['detail'] === 'string' ? problem['detail'] : (known?.title ?? `HTTP ${status}`);
  return new CliFailure(exitCodes.failed, code === undefined ? `HTTP ${status}: ${detail}` : `${code}: ${detail}`, problem ?? { status });
}
