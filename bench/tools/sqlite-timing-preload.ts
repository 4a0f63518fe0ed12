/**
 * Diagnostic preload for the daemon (`node --import <this file> dist/src/main.js`): times every
 * node:sqlite statement call, and on exit prints to stderr, per SQL text, the calls, total and
 * slowest time, and how many calls blocked the event loop for more than 2 and 10 ms. Used by
 * profile-daemon.ts (BENCH_SQLITE_TIMING=1) to see which statements the latency tail is made of.
 */
import { DatabaseSync } from 'node:sqlite';
import { onEverySqliteCall } from '../lib/sqlite-hook.js';

interface Timing {
  calls: number;
  totalMs: number;
  maxMs: number;
  over2ms: number;
  over10ms: number;
}

/** Keyed by the raw SQL text (cheap); whitespace is folded only when printing. */
const timings = new Map<string, Timing>();

function note(sql: string, ms: number): void {
  let t = timings.get(sql);
  if (t === undefined) {
    t = { calls: 0, totalMs: 0, maxMs: 0, over2ms: 0, over10ms: 0 };
    timings.set(sql, t);
  }
  t.calls++;
  t.totalMs += ms;
  t.maxMs = Math.max(t.maxMs, ms);
  if (ms > 2) t.over2ms++;
  if (ms > 10) t.over10ms++;
}

onEverySqliteCall(note);

/**
 * BENCH_SQLITE_AUTOCHECKPOINT=<pages> sets the connection's automatic WAL checkpoint (SQLite's
 * default 1,000; 0 turns it off), to show what the checkpoint inside COMMIT costs: the WAL then
 * grows for the whole run, so only for a short diagnostic run.
 */
const autoCheckpoint = process.env.BENCH_SQLITE_AUTOCHECKPOINT;
if (autoCheckpoint !== undefined) {
  const exec = DatabaseSync.prototype.exec;
  DatabaseSync.prototype.exec = function withCheckpointSetting(this: DatabaseSync, sql: string): void {
    exec.call(this, sql);
    if (/^PRAGMA journal_mode = WAL$/i.test(sql)) exec.call(this, `PRAGMA wal_autocheckpoint = ${Number(autoCheckpoint)}`);
  };
}

process.on('exit', () => {
  const rows = [...timings].sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, 15);
  const lines = ['sqlite timing (total ms / calls / max ms / calls > 2 ms / calls > 10 ms):'];
  for (const [raw, t] of rows) {
    const sql = raw.replace(/\s+/g, ' ').trim().slice(0, 90);
    lines.push(`${t.totalMs.toFixed(0).padStart(7)} ${String(t.calls).padStart(7)} ${t.maxMs.toFixed(1).padStart(7)} ${String(t.over2ms).padStart(5)} ${String(t.over10ms).padStart(5)}  ${sql}`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
});
