/** Shapes shared by the open-loop and closed-loop generators. */
import type { Dispatcher } from 'undici';
import type { HistogramSummary } from './histogram.js';

export interface BenchRequest {
  path: string;
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Builds request number `i`. `scheduledNs` is the process.hrtime.bigint() instant the request
 * was due (open loop) or is being sent (closed loop) — push benchmarks put it in the body.
 */
export type RequestFactory = (i: number, scheduledNs: bigint) => BenchRequest;

export interface LoadResult {
  mode: 'open' | 'closed';
  /** Requests per second asked for (open loop only). */
  targetRate: number | null;
  connections: number;
  sent: number;
  completed: number;
  ok: number;
  /** Count of responses by status code, plus 'error:<code>' for transport failures. */
  outcomes: Record<string, number>;
  /** First few error bodies/messages, to make misses explainable. */
  errorSamples: string[];
  elapsedMs: number;
  /** Successful responses per second over the sending window. */
  achievedRate: number;
  /** Latency from the *scheduled* send time (coordinated-omission corrected). */
  latency: HistogramSummary;
  /** Latency from the actual send time (what a naive client would report). */
  serviceLatency: HistogramSummary;
  /** How late the generator dispatched requests versus the schedule. */
  sendLag: HistogramSummary;
}
