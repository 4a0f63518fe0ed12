/**
 * Diagnostic preload for the daemon (`node --import <this file> dist/src/main.js`): counts
 * node:sqlite statement calls (and their time) per SQL text. On SIGUSR2 it writes the counts
 * since the previous SIGUSR2 to stderr as one line `sqlite-counts <json>` and starts again, so a
 * tool can see the statements and COMMITs of one measured window (see daemon-cpu.ts).
 */
import { DatabaseSync, StatementSync } from 'node:sqlite';

interface Count {
  calls: number;
  ms: number;
}

let counts = new Map<string, Count>();

function note(sql: string, ms: number): void {
  const c = counts.get(sql);
  if (c === undefined) counts.set(sql, { calls: 1, ms });
  else {
    c.calls++;
    c.ms += ms;
  }
}

type Method = (this: StatementSync, ...args: unknown[]) => unknown;

for (const name of ['run', 'get', 'all'] as const) {
  const proto = StatementSync.prototype as unknown as Record<string, Method>;
  const original = proto[name]!;
  proto[name] = function counted(this: StatementSync, ...args: unknown[]): unknown {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      note(this.sourceSQL, performance.now() - started);
    }
  };
}

const originalExec = DatabaseSync.prototype.exec;
DatabaseSync.prototype.exec = function countedExec(this: DatabaseSync, sql: string): void {
  const started = performance.now();
  try {
    originalExec.call(this, sql);
  } finally {
    note(sql, performance.now() - started);
  }
};

process.on('SIGUSR2', () => {
  const rows = [...counts].map(([sql, c]) => ({ sql: sql.replace(/\s+/g, ' ').trim().slice(0, 100), calls: c.calls, ms: Math.round(c.ms * 10) / 10 }));
  counts = new Map();
  process.stderr.write(`sqlite-counts ${JSON.stringify(rows)}\n`);
});
