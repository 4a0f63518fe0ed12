/** The query interaction's shapes, shared by the HTTP and gRPC adapters and the targets. */
import type { Readable } from 'node:stream';
import type { QueryBody } from './body.js';
import type { Headers } from './headers.js';

export interface QueryRequest {
  /** A configured target's name. */
  target: string;
  method: string;
  /** '' or starting with '/': path and query on the target, relative to its base URL, percent-encoded. */
  path: string;
  /** The caller's headers as received; hop-by-hop and Outrigger's own are removed on the way. */
  headers: Record<string, string | string[] | undefined>;
  body?: QueryBody;
  /** Epoch ms by which the call must be answered (Outrigger-Timeout). */
  deadline?: number;
  signal?: AbortSignal;
}

export interface QueryAnswer {
  status: number;
  headers: Headers;
  /**
   * A small answer of known length, read whole; otherwise streamed from the target, and the
   * reader must consume or destroy it.
   */
  body: Readable | Uint8Array;
}

/** A request as a target sees it: checked, with headers filtered. */
export interface TargetRequest {
  method: string;
  path: string;
  headers: Headers;
  body: QueryBody;
  safeToRetry: boolean;
  deadline?: number;
  signal?: AbortSignal;
}

export interface QueryTarget {
  send(request: TargetRequest): Promise<QueryAnswer>;
  close(): Promise<void>;
}
