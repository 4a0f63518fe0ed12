/**
 * Diagnostic preload for the daemon (`node --import <this file> dist/src/main.js`): what can make
 * a request late inside the daemon, per measured window. On SIGUSR2 it writes, since the previous
 * SIGUSR2, one stderr line `tail-probe <json>` and starts again:
 *  - loop: event-loop delay (perf_hooks monitorEventLoopDelay, 1 ms resolution) p50/p99/p99.9/max
 *    and its utilisation, i.e. how long a ready callback waited for the loop;
 *  - gc: every pause by kind (scavenge, mark-compact, ...): count, total, max;
 *  - fsync: each fdatasync's time on the thread pool (the embedded broker's WAL sync), from call
 *    to callback, which callers of a group commit wait for;
 *  - stalls: loop turns that blocked for more than 2 ms, as measured by a 1 ms interval timer
 *    that notes how late it fired (the same signal as the histogram, kept as a count).
 * The 1 ms timers add about 2,000 wake-ups a second; they cost the daemon a little CPU and are
 * what makes sub-millisecond delays visible at all.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');

interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

const gcKinds: Record<number, string> = { 1: 'scavenge', 2: 'minor-mark-sweep', 4: 'mark-compact', 8: 'incremental', 16: 'weakcb' };

let gc = new Map<string, Pauses>();
let fsync: Pauses & { samples: number[] } = { count: 0, totalMs: 0, maxMs: 0, samples: [] };
let stalls = { over2ms: 0, over5ms: 0, over10ms: 0 };
let elu: EventLoopUtilization = performance.eventLoopUtilization();

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();

function add(p: Pauses, ms: number): void {
  p.count++;
  p.totalMs += ms;
  if (ms > p.maxMs) p.maxMs = ms;
}

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = gcKinds[(entry as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
    let p = gc.get(kind);
    if (p === undefined) gc.set(kind, (p = { count: 0, totalMs: 0, maxMs: 0 }));
    add(p, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

const original = fs.fdatasync;
fs.fdatasync = ((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
  const start = performance.now();
  original(fd, (err) => {
    const ms = performance.now() - start;
    add(fsync, ms);
    fsync.samples.push(ms);
    done(err);
  });
}) as typeof fs.fdatasync;
syncBuiltinESMExports();

let expected = performance.now() + 1;
setInterval(() => {
  const now = performance.now();
  const late = now - expected;
  if (late > 2) stalls.over2ms++;
  if (late > 5) stalls.over5ms++;
  if (late > 10) stalls.over10ms++;
  expected = now + 1;
}, 1).unref();

const round = (ms: number): number => Math.round(ms * 100) / 100;
const quantile = (sorted: number[], q: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!);

process.on('SIGUSR2', () => {
  const used = performance.eventLoopUtilization(elu);
  const sorted = fsync.samples.sort((a, b) => a - b);
  const report = {
    loop: {
      p50Ms: round(delay.percentile(50) / 1e6),
      p99Ms: round(delay.percentile(99) / 1e6),
      p999Ms: round(delay.percentile(99.9) / 1e6),
      maxMs: round(delay.max / 1e6),
      utilisation: round(used.utilization),
    },
    stalls,
    gc: Object.fromEntries([...gc].map(([kind, p]) => [kind, { count: p.count, totalMs: round(p.totalMs), maxMs: round(p.maxMs) }])),
    fsync: { count: fsync.count, meanMs: round(fsync.count === 0 ? 0 : fsync.totalMs / fsync.count), p99Ms: round(quantile(sorted, 0.99)), maxMs: round(fsync.maxMs) },
  };
  delay.reset();
  gc = new Map();
  fsync = { count: 0, totalMs: 0, maxMs: 0, samples: [] };
  stalls = { over2ms: 0, over5ms: 0, over10ms: 0 };
  elu = performance.eventLoopUtilization();
  process.stderr.write(`tail-probe ${JSON.stringify(report)}\n`);
});
