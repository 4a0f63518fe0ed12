/** Process facts read from /proc (Linux only): resident memory, and sampling it over time. */
import { readFileSync } from 'node:fs';

/** VmRSS of `pid` in MiB, or null if the process is gone or /proc is unavailable. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Math.round((Number(match[1]) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

/** Samples RSS every `everyMs` until stopped; reports the largest value seen. */
export function sampleRss(pid: number, everyMs = 100): { stop: () => { maxMiB: number | null; samples: number } } {
  let maxMiB: number | null = null;
  let samples = 0;
  const take = (): void => {
    const value = rssMiB(pid);
    if (value === null) return;
    samples++;
    if (maxMiB === null || value > maxMiB) maxMiB = value;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { maxMiB, samples };
    },
  };
}
