/** Process facts read from /proc (Linux only): resident memory, and sampling it over time. */
import { readdirSync, readFileSync } from 'node:fs';

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

export interface ContextSwitches {
  /** The main thread (the event loop): voluntary switches are its waits for work, i.e. wake-ups. */
  mainVoluntary: number;
  /** The main thread taken off the core while runnable: preemption by other threads or processes. */
  mainInvoluntary: number;
  /** Every other thread (GC helpers, the thread pool, ...), both kinds. */
  otherThreads: number;
}

/** Context switches of `pid` so far (/proc/<pid>/task/<tid>/status), or null if unreadable. */
export function contextSwitches(pid: number): ContextSwitches | null {
  const read = (tid: string): [number, number] => {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)$`, 'm').exec(status)?.[1] ?? 0);
    return [field('voluntary_ctxt_switches'), field('nonvoluntary_ctxt_switches')];
  };
  try {
    const result: ContextSwitches = { mainVoluntary: 0, mainInvoluntary: 0, otherThreads: 0 };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const [voluntary, involuntary] = read(tid);
        if (tid === String(pid)) {
          result.mainVoluntary = voluntary;
          result.mainInvoluntary = involuntary;
        } else result.otherThreads += voluntary + involuntary;
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return result;
  } catch {
    return null;
  }
}
