/**
 * Diagnostic preload for the daemon (`node --import <this file> dist/src/main.js`): counts
 * node:sqlite statement calls (and their time) per SQL text. On SIGUSR2 it writes the counts
 * since the previous SIGUSR2 to stderr as one line `sqlite-counts <json>` and starts again, so a
 * tool can see the statements and COMMITs of one measured window (see daemon-cpu.ts).
 */
import { onEverySqliteCall } from '../lib/sqlite-hook.js';
import { median } from '../lib/stats.js';

interface Count {
  calls: number;
  ms: number;
  /** Every call's time, for the median: a steady cost and a few preempted calls read alike in a total. */
  samples: number[];
}

let counts = new Map<string, Count>();

function note(sql: string, ms: number): void {
  const c = counts.get(sql);
  if (c === undefined) counts.set(sql, { calls: 1, ms, samples: [ms] });
  else {
    c.calls++;
    c.ms += ms;
    c.samples.push(ms);
  }
}

onEverySqliteCall(note);

process.on('SIGUSR2', () => {
  const rows = [...counts].map(([sql, c]) => ({ sql: sql.replace(/\s+/g, ' ').trim().slice(0, 100), calls: c.calls, ms: Math.round(c.ms * 10) / 10, medianUs: Math.round((median(c.samples) ?? 0) * 1000) }));
  counts = new Map();
  process.stderr.write(`sqlite-counts ${JSON.stringify(rows)}\n`);
});
