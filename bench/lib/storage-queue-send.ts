/**
 * The send side of the Storage Queues comparison (run-storage-queue.ts): one path (the SDK, the
 * bare forwarder or Outrigger) measured over several windows in a closed loop, and the HTTP POST
 * the two HTTP paths use.
 */
import { type Agent, request } from 'node:http';
import { Histogram, type HistogramSummary } from './histogram.js';
import type { CpuMeter } from './message-rate.js';

export interface SendResult {
  rate: number;
  /** The rate of each window, in the order run. */
  windowRates: number[];
  latency: HistogramSummary;
  outcomes: Record<string, number>;
  cpuUsPerMessage: Record<string, number>;
}

/** One send path over all its windows: the rate over their sum, latencies merged, CPU per message weighted by messages. */
export class SendPath {
  readonly #latency = new Histogram();
  readonly #outcomes: Record<string, number> = {};
  readonly #cpuUs: Record<string, number> = {};
  readonly #rates: number[] = [];
  #ok = 0;
  #elapsedS = 0;

  constructor(
    readonly name: string,
    private readonly load: { workers: number; seconds: number; warmupSeconds: number },
  ) {}

  /**
   * W workers, each calling `send` back to back: `warmupSeconds` unmeasured (a fresh process's
   * code is not optimised yet), then `seconds` measured, counting only successes. `clear` empties
   * the queue afterwards, so the next window starts on an empty store.
   */
  async window(send: () => Promise<string>, meter: CpuMeter, clear: () => Promise<void>): Promise<void> {
    const { workers, seconds, warmupSeconds } = this.load;
    let ok = 0;
    let measuring = false;
    const started = performance.now();
    const measureFrom = started + warmupSeconds * 1000;
    const end = measureFrom + seconds * 1000;
    const startMeasuring = (): void => {
      measuring = true;
      meter.start();
    };
    const warmup = setTimeout(startMeasuring, warmupSeconds * 1000);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < end) {
          const t0 = process.hrtime.bigint();
          const outcome = await send().catch((err: unknown) => `error:${(err as { code?: string }).code ?? (err as Error).name}`);
          if (!measuring) continue;
          this.#outcomes[outcome] = (this.#outcomes[outcome] ?? 0) + 1;
          if (outcome === 'ok' || outcome === '202') {
            ok++;
            this.#latency.recordSince(t0, process.hrtime.bigint());
          }
        }
      }),
    );
    clearTimeout(warmup);
    if (!measuring) startMeasuring();
    const elapsedS = (performance.now() - measureFrom) / 1000;
    for (const [name, us] of Object.entries(meter.stop(ok))) this.#cpuUs[name] = (this.#cpuUs[name] ?? 0) + us * ok;
    this.#ok += ok;
    this.#elapsedS += elapsedS;
    this.#rates.push(Math.round(ok / elapsedS));
    await clear();
  }

  result(): SendResult {
    const cpuUsPerMessage = Object.fromEntries(Object.entries(this.#cpuUs).map(([name, us]) => [name, Math.round(us / Math.max(1, this.#ok))]));
    return { rate: this.#ok / this.#elapsedS, windowRates: this.#rates, latency: this.#latency.summary(), outcomes: this.#outcomes, cpuUsPerMessage };
  }
}

export function httpPost(url: string, agent: Agent, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'ce-type': 'Bench', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? 'unknown'}`));
    // A call left unanswered ends as an outcome of its own rather than holding its window open.
    req.setTimeout(60_000, () => req.destroy(Object.assign(new Error('no answer within 60 s'), { code: 'TIMEOUT' })));
    req.end(payload);
  });
}
