/**
 * Rates and CPU per message for the broker benchmarks that measure one process's messages
 * against another's (Service Bus, Storage Queues): a meter over named processes, and a poll of a
 * message counter from its first increase to a target.
 */
import { watchCpu, type CpuWatch } from './grpc-harness.js';

export interface CpuMeter {
  start(): void;
  /** CPU microseconds per message of each watched process since start. */
  stop(messages: number): Record<string, number>;
}

export function cpuMeter(pids: Record<string, number>): CpuMeter {
  let watch: CpuWatch | undefined;
  return {
    start: () => {
      watch = watchCpu(pids);
    },
    stop: (messages) => {
      const { elapsedS, cores } = watch?.stop() ?? { elapsedS: 0, cores: {} };
      const perMessage: Record<string, number> = {};
      for (const [name, used] of Object.entries(cores)) {
        if (used !== null && messages > 0) perMessage[name] = Math.round((used * elapsedS * 1e6) / messages);
      }
      return perMessage;
    },
  };
}

export interface MessageRate {
  rate: number;
  elapsedMs: number;
  reached: number;
  cpuUsPerMessage: Record<string, number>;
}

/** Polls a counter; messages per second from its first increase to reaching `target`. */
export async function rateOf(count: () => number, target: number, timeoutMs: number, meter?: CpuMeter): Promise<MessageRate> {
  const deadline = Date.now() + timeoutMs;
  let first: number | undefined;
  let firstCount = 0;
  while (Date.now() < deadline && count() < target) {
    if (first === undefined && count() > 0) {
      first = performance.now();
      firstCount = count();
      meter?.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const end = performance.now();
  const handled = count() - firstCount;
  const cpuUsPerMessage = meter?.stop(handled) ?? {};
  const elapsedMs = end - (first ?? end);
  return { rate: elapsedMs > 0 ? handled / (elapsedMs / 1000) : 0, elapsedMs: Math.round(elapsedMs), reached: count(), cpuUsPerMessage };
}

/** A scenario's CPU per message, as `process µs, ...` for a results table. */
export function cpuSummary(cpu: Record<string, Record<string, number>>, scenario: string): string {
  return Object.entries(cpu[scenario] ?? {})
    .map(([name, us]) => `${name} ${us}`)
    .join(', ');
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
