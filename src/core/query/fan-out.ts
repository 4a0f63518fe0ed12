/**
 * Fan-out query: several calls at once under one deadline, each under its own target's policy,
 * each answer read whole (up to a limit) so that all can be returned together. A failure of one
 * entry is that entry's result, never the whole response's.
 */
import { encodeData } from '../cloudevents.js';
import { toOutriggerError } from '../../kernel/errors.js';
import { problemDocument, type ProblemDocument } from '../../kernel/problem.js';
import { readAll } from './body.js';
import type { Headers } from './headers.js';
import type { QueryService } from './service.js';
import type { QueryRequest } from './types.js';

export type FanOutResult =
  | { index: number; status: number; headers: Headers; body?: unknown; bodyBase64?: string }
  | { index: number; error: ProblemDocument };

export interface FanOutOptions {
  concurrency: number;
  /** Largest answer body read per entry. */
  maxBodyBytes: number;
  deadline?: number;
  signal?: AbortSignal;
}

/** `entries` holds a request, or the error that made the entry unusable (it is answered as such). */
export async function fanOut(service: QueryService, entries: Array<QueryRequest | Error>, options: FanOutOptions): Promise<FanOutResult[]> {
  const results: FanOutResult[] = new Array(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const index = next++;
      results[index] = await runEntry(service, entries[index]!, index, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, entries.length) }, worker));
  return results;
}

async function runEntry(service: QueryService, entry: QueryRequest | Error, index: number, options: FanOutOptions): Promise<FanOutResult> {
  try {
    if (entry instanceof Error) throw entry;
    const request: QueryRequest = {
      ...entry,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
    const answer = await service.query(request);
    const body = await readAll(answer.body, options.maxBodyBytes, `the answer of entry ${index}`);
    const contentType = answer.headers['content-type'];
    const encoded = encodeData(typeof contentType === 'string' ? { 'content-type': contentType } : {}, body);
    return {
      index,
      status: answer.status,
      headers: answer.headers,
      ...(encoded.data !== undefined ? { body: encoded.data } : {}),
      ...(encoded.data_base64 !== undefined ? { bodyBase64: encoded.data_base64 } : {}),
    };
  } catch (error) {
    return { index, error: problemDocument(toOutriggerError(error)) };
  }
}
