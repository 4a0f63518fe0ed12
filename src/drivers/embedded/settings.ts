/**
 * Every setting of the embedded broker, parsed and checked in one place. All problems are
 * reported together, each naming the setting, what it accepts and what it got.
 */
import { join, resolve } from 'node:path';
import { SettingsReader } from '../settings-reader.js';
import type { DriverOptions } from '../contract.js';
import { embeddedCapabilities } from './capabilities.js';

export type Durability = 'fsync' | 'os';

export interface EmbeddedSettings {
  /** Absolute path of the SQLite file. */
  file: string;
  /** fsync: PRAGMA synchronous=FULL (survives power loss); os: NORMAL (survives a process crash). */
  durability: Durability;
  maxMessageBytes: number;
  /** How long a writer waits for another process's write lock before giving up. */
  busyTimeoutMs: number;
  /** How often a consumer-group member renews its heartbeat and partition leases. */
  groupHeartbeatMs: number;
  /** How long a member's heartbeat and partition ownership stay valid without renewal. */
  groupLeaseMs: number;
  /** How often expired messages, idempotency keys and events past retention are deleted. */
  sweepIntervalMs: number;
  /** How often `PRAGMA data_version` is polled while a long-poll waits (writes by other connections). */
  pollIntervalMs: number;
}

export const settingDefaults = {
  durability: 'fsync',
  busyTimeoutMs: 5000,
  groupHeartbeatMs: 1000,
  groupLeaseMs: 5000,
  sweepIntervalMs: 30_000,
  pollIntervalMs: 20,
} as const;

const known = ['file', 'durability', 'maxMessageBytes', 'busyTimeoutMs', 'groupHeartbeatMs', 'groupLeaseMs', 'sweepIntervalMs', 'pollIntervalMs'];

export function parseEmbeddedSettings(options: DriverOptions): EmbeddedSettings {
  const reader = new SettingsReader(options.settings, known);
  const { raw, problems } = reader;
  const int = reader.int.bind(reader);

  let file = join(options.dataDir, 'outrigger.db');
  if (raw.file !== undefined) {
    if (typeof raw.file === 'string' && raw.file.length > 0) file = raw.file;
    else problems.push(`file must be a non-empty path (got ${JSON.stringify(raw.file)})`);
  }
  let durability: Durability = settingDefaults.durability;
  if (raw.durability !== undefined) {
    if (raw.durability === 'fsync' || raw.durability === 'os') durability = raw.durability;
    else problems.push(`durability must be one of fsync, os (got ${JSON.stringify(raw.durability)})`);
  }
  const settings: EmbeddedSettings = {
    file: resolve(file),
    durability,
    maxMessageBytes: int('maxMessageBytes', embeddedCapabilities.maxMessageBytes, 1024, 64 * 1024 * 1024),
    busyTimeoutMs: int('busyTimeoutMs', settingDefaults.busyTimeoutMs, 0, 600_000),
    groupHeartbeatMs: int('groupHeartbeatMs', settingDefaults.groupHeartbeatMs, 10, 60_000),
    groupLeaseMs: int('groupLeaseMs', settingDefaults.groupLeaseMs, 30, 600_000),
    sweepIntervalMs: int('sweepIntervalMs', settingDefaults.sweepIntervalMs, 10, 86_400_000),
    pollIntervalMs: int('pollIntervalMs', settingDefaults.pollIntervalMs, 1, 10_000),
  };
  if (settings.groupLeaseMs < 2 * settings.groupHeartbeatMs) {
    problems.push(`groupLeaseMs (${settings.groupLeaseMs}) must be at least twice groupHeartbeatMs (${settings.groupHeartbeatMs})`);
  }
  reader.finish(`embedded broker '${options.name}'`);
  return settings;
}
