/**
 * Open-loop load at a fixed rate: request i is due at t0 + i/rate whatever happened to earlier
 * requests, and its latency is measured from that *scheduled* instant, so a stalled server is
 * charged for the requests it delayed (coordinated omission corrected). The actual-send latency
 * and the generator's own lateness are recorded beside it, so the correction can be seen.
 */
import { Pool } from 'undici';
import { Histogram } from './histogram.js';
import type { LoadResult, RequestFactory } from './load-types.js';
import { Outcomes } from './outcome.js';

export interface OpenLoopOptions {
  origin: string;
  /** Requests per second. */
  rate: number;
  connections: number;
  durationMs: number;
  /** Upper bound on requests, whatever the duration. */
  maxRequests?: number;
  make: RequestFactory;
  /** Per-request headers/body timeout; a timeout counts as an error. Default 10 s. */
  timeoutMs?: number;
  /**
   * When the next request is due within this many microseconds, poll with setImmediate instead
   * of sleeping on a (millisecond-granular) timer. Burns the generator's core; default 0.
   */
  spinUs?: number;
}

export async function openLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const { rate, connections, make } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const spinMs = (options.spinUs ?? 0) / 1_000;
  const total = Math.min(options.maxRequests ?? Number.MAX_SAFE_INTEGER, Math.floor((rate * options.durationMs) / 1_000));
  const intervalNs = 1e9 / rate;
  const pool = new Pool(options.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const latency = new Histogram();
  const service = new Histogram();
  const lag = new Histogram();
  const outcomes = new Outcomes();
  let inFlight = 0;
  let completed = 0;
  let lastDoneNs = 0n;
  let allSent: () => void = () => {};
  const drained = new Promise<void>((resolve) => (allSent = resolve));
  let sent = 0;

  const fire = (i: number, scheduledNs: bigint): void => {
    const request = make(i, scheduledNs);
    const sentNs = process.hrtime.bigint();
    lag.recordSince(scheduledNs, sentNs);
    inFlight++;
    sent++;
    pool
      .request({ method: 'POST', ...request, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
      .then(async (res) => {
        const ok = await outcomes.response(res);
        const endNs = process.hrtime.bigint();
        if (ok) {
          latency.recordSince(scheduledNs, endNs);
          service.recordSince(sentNs, endNs);
        }
        lastDoneNs = endNs;
      })
      .catch((err: unknown) => {
        outcomes.failure(err);
        lastDoneNs = process.hrtime.bigint();
      })
      .finally(() => {
        inFlight--;
        completed++;
        if (sent === total && inFlight === 0) allSent();
      });
  };

  // Schedule on performance.now() (a double: no allocation while polling); stamp requests with
  // hrtime. Both read the same monotonic clock, taken together here as the common origin.
  const t0Ms = performance.now() + 1;
  const t0 = process.hrtime.bigint() + 1_000_000n;
  const dueMs = (i: number): number => t0Ms + i * (intervalNs / 1e6);
  const dueNs = (i: number): bigint => t0 + BigInt(Math.round(i * intervalNs));
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < total && dueMs(next) <= now) fire(next, dueNs(next++));
      if (next >= total) return resolve();
      const waitMs = dueMs(next) - performance.now();
      if (waitMs <= spinMs) setImmediate(tick);
      else setTimeout(tick, Math.floor(waitMs - spinMs));
    };
    tick();
  });
  if (total === 0 || (inFlight === 0 && sent === total)) allSent();
  await drained;
  await pool.close();
  const elapsedMs = Number(lastDoneNs - t0) / 1e6;
  return {
    mode: 'open',
    targetRate: rate,
    connections,
    sent,
    completed,
    ok: outcomes.ok,
    outcomes: outcomes.byStatus,
    errorSamples: outcomes.errorSamples,
    elapsedMs: Math.round(elapsedMs),
    achievedRate: elapsedMs > 0 ? Math.round((outcomes.ok / elapsedMs) * 1_000) : 0,
    latency: latency.summary(),
    serviceLatency: service.summary(),
    sendLag: lag.summary(),
  };
}
