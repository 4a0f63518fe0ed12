/**
 * For diagnostic preloads in the daemon: calls `note` with the SQL text and the milliseconds of
 * every node:sqlite statement call (run, get, all) and every exec.
 */
import { DatabaseSync, StatementSync } from 'node:sqlite';

type Method = (this: StatementSync, ...args: unknown[]) => unknown;

export function onEverySqliteCall(note: (sql: string, ms: number) => void): void {
  for (const name of ['run', 'get', 'all'] as const) {
    const proto = StatementSync.prototype as unknown as Record<string, Method>;
    const original = proto[name]!;
    proto[name] = function measured(this: StatementSync, ...args: unknown[]): unknown {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        note(this.sourceSQL, performance.now() - started);
      }
    };
  }
  const originalExec = DatabaseSync.prototype.exec;
  DatabaseSync.prototype.exec = function measuredExec(this: DatabaseSync, sql: string): void {
    const started = performance.now();
    try {
      originalExec.call(this, sql);
    } finally {
      note(sql, performance.now() - started);
    }
  };
}
