/**
 * The SQLite connection: opening it with the pragmas the broker relies on, a cache of prepared
 * statements, and the mapping of SQLite failures onto the error catalogue.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { OutriggerError } from '../../kernel/errors.js';
import type { MessageHeaders } from '../contract.js';
import { migrate } from './schema.js';
import type { EmbeddedSettings } from './settings.js';

/** The longest SQLite may block the event loop waiting for another process's lock, per attempt. */
export const SYNC_BUSY_WAIT_MS = 10;

export function openDatabase(settings: EmbeddedSettings): DatabaseSync {
  try {
    mkdirSync(dirname(settings.file), { recursive: true });
    // Opening waits for other processes with the full busy timeout (it happens once, at start-up).
    const db = new DatabaseSync(settings.file, { timeout: settings.busyTimeoutMs, enableForeignKeyConstraints: false });
    try {
      // WAL: readers never block the writer, and a commit is one append to the log. NORMAL: COMMIT
      // does not fsync; with durability 'fsync' the group committer syncs the WAL after each
      // commit off the event loop, before anyone is answered (see wal-sync.ts).
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      migrate(db);
      // From now on SQLite itself blocks the event loop only briefly; the group committer waits
      // for a busy write lock asynchronously, up to busyTimeoutMs (see group-commit.ts).
      db.exec(`PRAGMA busy_timeout = ${Math.min(settings.busyTimeoutMs, SYNC_BUSY_WAIT_MS)}`);
    } catch (err) {
      db.close();
      throw err;
    }
    return db;
  } catch (err) {
    throw toBrokerError(err, `cannot open the embedded broker file ${settings.file}`);
  }
}

/** Prepared statements, prepared once per connection and kept. */
export class Statements {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get db(): DatabaseSync {
    return this.#db;
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /**
   * BEGIN IMMEDIATE: takes the file's write lock. False when another connection still held it
   * after the connection's (short) busy timeout, so the caller can wait without blocking.
   */
  beginImmediate(): boolean {
    try {
      this.#prepare('BEGIN IMMEDIATE').run();
      return true;
    } catch (err) {
      if (isSqliteError(err) && ((err.errcode & 0xff) === SQLITE_BUSY || (err.errcode & 0xff) === SQLITE_LOCKED)) return false;
      throw toBrokerError(err, 'embedded broker');
    }
  }

  // SQLite failures leave here already mapped to the error catalogue (see toBrokerError).

  /** Runs a write; returns the number of rows changed. */
  run(sql: string, ...params: SQLInputValue[]): number {
    try {
      return Number(this.#prepare(sql).run(...params).changes);
    } catch (err) {
      throw toBrokerError(err, 'embedded broker');
    }
  }

  /** Runs an INSERT; returns the new row's rowid. */
  insert(sql: string, ...params: SQLInputValue[]): number {
    try {
      return Number(this.#prepare(sql).run(...params).lastInsertRowid);
    } catch (err) {
      throw toBrokerError(err, 'embedded broker');
    }
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    try {
      return this.#prepare(sql).get(...params) as T | undefined;
    } catch (err) {
      throw toBrokerError(err, 'embedded broker');
    }
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    try {
      return this.#prepare(sql).all(...params) as T[];
    } catch (err) {
      throw toBrokerError(err, 'embedded broker');
    }
  }
}

interface SqliteError extends Error {
  code: 'ERR_SQLITE_ERROR';
  errcode: number;
  errstr?: string;
}

function isSqliteError(err: unknown): err is SqliteError {
  return err instanceof Error && (err as { code?: unknown }).code === 'ERR_SQLITE_ERROR';
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_NOMEM = 7;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_CORRUPT = 11;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;
const SQLITE_NOTADB = 26;

const transient = new Set([SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL]);

/** Maps a failure to the catalogue: the file being busy, full or unreadable is the broker being unavailable. */
export function toBrokerError(err: unknown, what: string): OutriggerError {
  if (err instanceof OutriggerError) return err;
  if (isSqliteError(err)) {
    const primary = err.errcode & 0xff;
    if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) {
      return new OutriggerError('broker_unavailable', `${what}: the broker file stayed locked by another process (${err.message}); try again`, {
        retriable: true,
        retryAfterSeconds: 1,
        cause: err,
      });
    }
    if (transient.has(primary)) {
      return new OutriggerError('broker_unavailable', `${what}: ${err.message}`, { retriable: true, cause: err });
    }
    if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB) {
      return new OutriggerError('broker_unavailable', `${what}: the broker file is damaged or not a database (${err.message})`, {
        retriable: false,
        cause: err,
      });
    }
  }
  // The SQLite message stays in the cause (for the logs), not in the detail shown to API callers.
  return new OutriggerError('internal', `${what}: internal error; see the sidecar logs`, { cause: err });
}

export function encodeHeaders(headers: MessageHeaders): string {
  return JSON.stringify(headers);
}

export function decodeHeaders(text: string): MessageHeaders {
  return JSON.parse(text) as MessageHeaders;
}
