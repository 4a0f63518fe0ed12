/**
 * Closed-loop load for throughput: N workers, each sending its next request as soon as the
 * previous one is answered, until the duration (or request budget) is used up.
 */
import { Pool } from 'undici';
import { Histogram } from './histogram.js';
import type { LoadResult, RequestFactory } from './load-types.js';
import { Outcomes } from './outcome.js';

export interface ClosedLoopOptions {
  origin: string;
  /** Concurrent workers; each has its own connection. */
  workers: number;
  durationMs: number;
  maxRequests?: number;
  make: RequestFactory;
  timeoutMs?: number;
}

export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const { workers, make } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const budget = options.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const pool = new Pool(options.origin, { connections: workers, pipelining: 1, keepAliveTimeout: 60_000 });
  const latency = new Histogram();
  const outcomes = new Outcomes();
  const t0 = process.hrtime.bigint();
  const endNs = t0 + BigInt(options.durationMs) * 1_000_000n;
  let sent = 0;
  let completed = 0;

  const worker = async (): Promise<void> => {
    while (sent < budget && process.hrtime.bigint() < endNs) {
      const i = sent++;
      const startNs = process.hrtime.bigint();
      try {
        const res = await pool.request({ method: 'POST', ...make(i, startNs), headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
        if (await outcomes.response(res)) latency.recordSince(startNs, process.hrtime.bigint());
      } catch (err) {
        outcomes.failure(err);
      }
      completed++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  await pool.close();
  const summary = latency.summary();
  return {
    mode: 'closed',
    targetRate: null,
    connections: workers,
    sent,
    completed,
    ok: outcomes.ok,
    outcomes: outcomes.byStatus,
    errorSamples: outcomes.errorSamples,
    elapsedMs: Math.round(elapsedMs),
    achievedRate: Math.round((outcomes.ok / elapsedMs) * 1_000),
    latency: summary,
    // In a closed loop every request is sent the moment it is scheduled.
    serviceLatency: summary,
    sendLag: new Histogram().summary(),
  };
}
