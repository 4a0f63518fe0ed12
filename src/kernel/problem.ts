/**
 * An error as an RFC 9457 problem document: the one body shape every place writes an error in,
 * the HTTP API, fan-out entries and replies carried across queues alike. Status lines, headers and
 * content types stay with the adapter that writes them.
 */
import { errorCatalogue, type ErrorCode, type OutriggerError } from './errors.js';

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
