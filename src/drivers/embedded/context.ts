/** What every part of a connected embedded driver shares. */
import type { GroupCommitter } from './group-commit.js';
import type { InboxRegistry } from './inbox-registry.js';
import type { WaitingReceives } from './open-claims.js';
import type { EmbeddedSettings } from './settings.js';
import type { Statements } from './sqlite.js';
import type { Wakeups } from './wakeups.js';

export interface Store {
  readonly settings: EmbeddedSettings;
  /** For reads outside a transaction (they see committed data). */
  readonly sql: Statements;
  readonly committer: GroupCommitter;
  readonly wakeups: Wakeups;
  readonly inboxes: InboxRegistry;
  /** Receives waiting for their inbox, which writes on this connection claim for (open-claims.ts). */
  readonly waiting: WaitingReceives;
}

/** Returns the connected store, or throws `broker_unavailable` before connect() and after close(). */
export type StoreAccess = () => Store;
