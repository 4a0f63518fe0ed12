/**
 * Inboxes (queues and topic subscriptions) live in the file with their settings, so every
 * process sharing the file agrees on them. An inbox another process created works here
 * without being ensured here; an inbox nobody created is created on first use with defaults.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { InboxRef, InboxSettings, SubscriptionSettings, TopicFilter } from '../contract.js';
import { describeInbox } from '../inbox-names.js';
import type { Tx } from './group-commit.js';
import type { Statements } from './sqlite.js';

export const defaultInboxSettings: InboxSettings = Object.freeze({ maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 });

export interface InboxRow {
  id: number;
  max_deliveries: number;
  lease_ms: number;
  dedup_window_ms: number;
  filter: string | null;
}

/** Unambiguous whatever the names contain. */
export function inboxKey(ref: InboxRef): string {
  return JSON.stringify(ref.kind === 'queue' ? ['queue', ref.queue] : ['subscription', ref.topic, ref.subscription]);
}

export function inboxWakeKey(inboxId: number): string {
  return `inbox:${inboxId}`;
}

export function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
    throw new OutriggerError('invalid_name', `${what} name must be a non-empty string of at most 1024 characters`);
  }
  return name;
}

export function checkInboxRef(ref: InboxRef): void {
  if (ref.kind === 'queue') checkName('queue', ref.queue);
  else {
    checkName('topic', ref.topic);
    checkName('subscription', ref.subscription);
  }
}

function checkSettings(ref: InboxRef, settings: SubscriptionSettings): void {
  const bad = (what: string): never => {
    throw new OutriggerError('bad_request', `${describeInbox(ref)}: ${what}`);
  };
  if (!Number.isSafeInteger(settings.maxDeliveries) || settings.maxDeliveries < 1) bad('maxDeliveries must be an integer of at least 1');
  if (!Number.isSafeInteger(settings.leaseMs) || settings.leaseMs < 1) bad('leaseMs must be a positive integer');
  if (!Number.isSafeInteger(settings.dedupWindowMs) || settings.dedupWindowMs < 0) bad('dedupWindowMs must be a non-negative integer');
  const filter = settings.filter;
  if (filter === undefined) return;
  if (filter.types !== undefined && (!Array.isArray(filter.types) || filter.types.some((t) => typeof t !== 'string'))) {
    bad('filter.types must be a list of strings');
  }
  if (filter.subjectPrefix !== undefined && typeof filter.subjectPrefix !== 'string') bad('filter.subjectPrefix must be a string');
}

const SELECT_ID = 'SELECT id FROM inboxes_v1 WHERE inbox_key = ?';
const SELECT_ROW = 'SELECT id, max_deliveries, lease_ms, dedup_window_ms, filter FROM inboxes_v1 WHERE id = ?';
const INSERT_DEFAULTS = `INSERT INTO inboxes_v1 (inbox_key, kind, name, topic, max_deliveries, lease_ms, dedup_window_ms, filter, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (inbox_key) DO NOTHING`;
const UPSERT = `INSERT INTO inboxes_v1 (inbox_key, kind, name, topic, max_deliveries, lease_ms, dedup_window_ms, filter, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (inbox_key) DO UPDATE SET max_deliveries = excluded.max_deliveries, lease_ms = excluded.lease_ms,
    dedup_window_ms = excluded.dedup_window_ms, filter = excluded.filter`;

export class InboxRegistry {
  readonly #sql: Statements;
  /** Only ids read outside a transaction (committed) are cached; inbox rows are never deleted. */
  readonly #ids = new Map<string, number>();
  /** The id per ref object the callers keep (a bound inbox passes the same one each time), so an ack builds no key. */
  readonly #byRef = new WeakMap<InboxRef, { name: string; topic: string | undefined; id: number }>();
  #generation = 0;

  constructor(sql: Statements) {
    this.#sql = sql;
  }

  /** The inbox's id if any process has created it. */
  find(ref: InboxRef): number | undefined {
    const name = ref.kind === 'queue' ? ref.queue : ref.subscription;
    const topic = ref.kind === 'queue' ? undefined : ref.topic;
    const known = this.#byRef.get(ref);
    // The names are compared too, in case a caller reuses one ref object for another inbox.
    if (known !== undefined && known.name === name && known.topic === topic) return known.id;
    const key = inboxKey(ref);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#sql.get<{ id: number }>(SELECT_ID, key)?.id;
      if (id === undefined) return undefined;
      this.#ids.set(key, id);
    }
    this.#byRef.set(ref, { name, topic, id });
    return id;
  }

  /**
   * Changes whenever this connection creates an inbox or changes one's settings (even in a
   * transaction that is then rolled back), so what is cached from the inbox table can be checked.
   * Other connections' changes show in PRAGMA data_version instead.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Inside a write: the inbox's id, creating it with default settings if nobody has. */
  findOrCreate(tx: Tx, ref: InboxRef): number {
    const key = inboxKey(ref);
    const cached = this.#ids.get(key);
    if (cached !== undefined) return cached;
    this.#generation++;
    tx.sql.run(INSERT_DEFAULTS, key, ...identity(ref), defaultInboxSettings.maxDeliveries, defaultInboxSettings.leaseMs, defaultInboxSettings.dedupWindowMs, tx.now);
    return (tx.sql.get<{ id: number }>(SELECT_ID, key) as { id: number }).id;
  }

  /** Inside a write: creates the inbox or replaces its settings (the latest ensure wins for every process). */
  upsert(tx: Tx, ref: InboxRef, settings: SubscriptionSettings): number {
    checkSettings(ref, settings);
    const filter = settings.filter === undefined ? null : JSON.stringify(normaliseFilter(settings.filter));
    const key = inboxKey(ref);
    this.#generation++;
    tx.sql.run(UPSERT, key, ...identity(ref), settings.maxDeliveries, settings.leaseMs, settings.dedupWindowMs, filter, tx.now);
    return (tx.sql.get<{ id: number }>(SELECT_ID, key) as { id: number }).id;
  }

  /** Current settings, read from the file (another process may have changed them). */
  row(sql: Statements, inboxId: number): InboxRow {
    const row = sql.get<InboxRow>(SELECT_ROW, inboxId);
    if (row === undefined) throw new OutriggerError('internal', `inbox ${inboxId} vanished from the broker file`);
    return row;
  }
}

function identity(ref: InboxRef): [string, string, string | null] {
  return ref.kind === 'queue' ? ['queue', ref.queue, null] : ['subscription', ref.subscription, ref.topic];
}

function normaliseFilter(filter: TopicFilter): TopicFilter {
  return {
    ...(filter.types !== undefined && filter.types.length > 0 ? { types: [...filter.types] } : {}),
    ...(filter.subjectPrefix !== undefined && filter.subjectPrefix !== '' ? { subjectPrefix: filter.subjectPrefix } : {}),
  };
}

/** An absent or empty constraint lets everything through. */
export function filterMatches(filter: TopicFilter | null, headers: Record<string, string>): boolean {
  if (filter === null) return true;
  const type = headers['ce-type'];
  const subject = headers['ce-subject'];
  if (filter.types !== undefined && (type === undefined || !filter.types.includes(type))) return false;
  if (filter.subjectPrefix !== undefined && (subject === undefined || !subject.startsWith(filter.subjectPrefix))) return false;
  return true;
}
