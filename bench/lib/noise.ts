/**
 * How busy the machine was with work other than ours while a scenario ran: CPU time of the
 * whole machine (/proc/stat) minus that of this process and its reaped children (/proc/self/stat:
 * utime, stime, cutime, cstime), as a share of one core. Every daemon and baseline server is
 * stopped (and so reaped) before a scenario ends, so their time is in cutime/cstime.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

interface Snapshot {
  machineBusyTicks: number;
  ourTicks: number;
  atMs: number;
}

const ticksPerSecond = 100; // USER_HZ on Linux

function snapshot(): Snapshot | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...
    const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!;
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    const ours = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
    return { machineBusyTicks: busy, ourTicks: ours, atMs: performance.now() };
  } catch {
    return null;
  }
}

export interface Noise {
  /** Average cores used by other processes (1.0 = one core fully busy). */
  foreignCores: number | null;
  loadAvg1Start: number;
  loadAvg1End: number;
  /** /proc/pressure/cpu "some avg60" at the end, percent. */
  cpuPressureAvg60: number | null;
}

function cpuPressure(): number | null {
  try {
    const match = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

export function watchNoise(): () => Noise {
  const start = snapshot();
  const loadAvg1Start = loadavg()[0]!;
  return () => {
    const end = snapshot();
    let foreignCores: number | null = null;
    if (start !== null && end !== null && end.atMs > start.atMs) {
      const foreignTicks = end.machineBusyTicks - start.machineBusyTicks - (end.ourTicks - start.ourTicks);
      foreignCores = Math.round((Math.max(0, foreignTicks) / ticksPerSecond / ((end.atMs - start.atMs) / 1_000)) * 100) / 100;
    }
    return { foreignCores, loadAvg1Start: round2(loadAvg1Start), loadAvg1End: round2(loadavg()[0]!), cpuPressureAvg60: cpuPressure() };
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Waits (up to `maxMs`) for a 5 s window in which other processes used less than
 * `thresholdCores`; returns the last window's figure. For shared machines (BENCH_WAIT_QUIET).
 */
export async function waitForQuiet(maxMs: number, thresholdCores: number, log: (message: string) => void): Promise<number | null> {
  const deadline = Date.now() + maxMs;
  let last: number | null;
  do {
    const stop = watchNoise();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    last = stop().foreignCores;
    if (last === null || last < thresholdCores) return last;
    log(`waiting for a quiet machine: other processes use ${last} cores (want < ${thresholdCores})`);
  } while (Date.now() < deadline);
  return last;
}
