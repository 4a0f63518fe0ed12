/**
 * Load made of plain async calls, for the broker benchmarks that drive an SDK in-process and the
 * daemon over HTTP with the same loop: a closed loop (W callers back to back) and an open loop
 * (call i due at t0 + i/rate, whatever the earlier ones did), plus a keep-alive HTTP POST that
 * answers with its status instead of throwing.
 */
import { Agent, request } from 'node:http';
import { Histogram, type HistogramSummary } from './histogram.js';
import type { CpuMeter } from './message-rate.js';

export interface CallLoopResult {
  rate: number;
  /** Per call, from its start (closed loop) or its scheduled instant (open loop) to its answer. */
  latency: HistogramSummary;
  outcomes: Record<string, number>;
  cpuUsPerMessage: Record<string, number>;
}

/** A call's outcome: 'ok' or '2xx' count as success; anything else is counted by name. */
export type Call = () => Promise<string>;

const succeeded = (outcome: string): boolean => outcome === 'ok' || /^2\d\d$/.test(outcome);

function failureName(err: unknown): string {
  return `error:${(err as { code?: string }).code ?? (err as Error).name}`;
}

/**
 * `workers` callers, each calling back to back for `seconds`; counts only successes. With
 * `perCall` messages in each call, the rate and CPU are per message, the latency per call.
 */
export async function closedLoopCalls(workers: number, seconds: number, call: Call, meter: CpuMeter, perCall = 1): Promise<CallLoopResult> {
  const latency = new Histogram();
  const outcomes: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  meter.start();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const t0 = process.hrtime.bigint();
        const outcome = await call().catch(failureName);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (!succeeded(outcome)) continue;
        ok++;
        latency.recordSince(t0, process.hrtime.bigint());
      }
    }),
  );
  const rate = (ok * perCall) / ((performance.now() - started) / 1000);
  return { rate, latency: latency.summary(), outcomes, cpuUsPerMessage: meter.stop(ok * perCall) };
}

/**
 * Calls `call(scheduledNs)` at `rate` per second for `seconds`, on a timer (the scheduled instant
 * goes into the message, so the receiver measures from when it was due); resolves when every
 * call was answered, with the answers' latency and the generator's lateness.
 */
export async function openLoopCalls(rate: number, seconds: number, call: (scheduledNs: bigint) => Promise<string>): Promise<{ sent: number; ok: number; outcomes: Record<string, number>; latency: HistogramSummary; sendLag: HistogramSummary }> {
  const total = Math.floor(rate * seconds);
  const intervalNs = 1e9 / rate;
  const latency = new Histogram();
  const lag = new Histogram();
  const outcomes: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  let ok = 0;
  const t0 = process.hrtime.bigint() + 1_000_000n;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = process.hrtime.bigint();
      for (; next < total; next++) {
        const due = t0 + BigInt(Math.round(next * intervalNs));
        if (due > now) break;
        lag.recordSince(due, now);
        pending.push(
          call(due)
            .catch(failureName)
            .then((outcome) => {
              outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
              if (!succeeded(outcome)) return;
              ok++;
              latency.recordSince(due, process.hrtime.bigint());
            }),
        );
      }
      if (next >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  return { sent: total, ok, outcomes, latency: latency.summary(), sendLag: lag.summary() };
}

/** A keep-alive POSTer: resolves with the status code as text, or `error:<code>`; never throws. */
export function httpPoster(connections: number): { post(url: string, body: string, headers?: Record<string, string>): Promise<string>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    post: (url, body, headers = {}) =>
      new Promise((resolve) => {
        const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'ce-type': 'Bench', ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.statusCode)));
        });
        req.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? 'unknown'}`));
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
