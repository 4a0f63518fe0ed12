/**
 * Every setting of the embedded broker: its schema (which config validation and the editor schema
 * use), defaults and limits, written once, and the one parse that checks them. All problems are
 * reported together, each naming the setting, what it accepts and what it got.
 */
import { join, resolve } from 'node:path';
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
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

const settingDefaults = {
  durability: 'fsync',
  busyTimeoutMs: 5000,
  groupHeartbeatMs: 1000,
  groupLeaseMs: 5000,
  sweepIntervalMs: 30_000,
  pollIntervalMs: 20,
} as const;

const durabilities: readonly Durability[] = ['fsync', 'os'];

export const embeddedSettingsSchema = Type.Object(
  {
    file: Type.Optional(Type.String({ minLength: 1, description: 'SQLite file; default <dataDir>/outrigger.db' })),
    durability: Type.Optional(
      Type.Union(
        durabilities.map((value) => Type.Literal(value)),
        { description: 'fsync: an acknowledged message survives power loss (default). os: survives a crash of the process, not of the machine.' },
      ),
    ),
    maxMessageBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 })),
    busyTimeoutMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 600_000, description: `How long a write waits for another process holding the file lock (default ${settingDefaults.busyTimeoutMs})` }),
    ),
    groupHeartbeatMs: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 60_000, description: `Consumer-group heartbeat and partition-lease renewal interval (default ${settingDefaults.groupHeartbeatMs})` }),
    ),
    groupLeaseMs: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 600_000,
        description: `How long a silent consumer-group member keeps its partitions (default ${settingDefaults.groupLeaseMs}; at least twice groupHeartbeatMs)`,
      }),
    ),
    sweepIntervalMs: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 86_400_000, description: `How often expired messages and events past retention are deleted (default ${settingDefaults.sweepIntervalMs})` }),
    ),
    pollIntervalMs: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: `How often waiting long-polls check for other processes' writes (default ${settingDefaults.pollIntervalMs})` }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('embedded', embeddedSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseEmbeddedSettings = settings.parse;
/** What parseEmbeddedSettings would refuse, for config validation. */
export const checkEmbeddedSettings = settings.check;

function read(reader: SettingsReader, dataDir: string): EmbeddedSettings {
  const { raw } = reader;
  const int = reader.int.bind(reader);
  let file = join(dataDir, 'outrigger.db');
  if (raw.file !== undefined) {
    if (typeof raw.file === 'string' && raw.file.length > 0) file = raw.file;
    else reader.problem(`file must be a non-empty path (got ${JSON.stringify(raw.file)})`, 'file');
  }
  let durability: Durability = settingDefaults.durability;
  if (raw.durability !== undefined) {
    if (durabilities.includes(raw.durability as Durability)) durability = raw.durability as Durability;
    else reader.problem(`durability must be one of ${durabilities.join(', ')} (got ${JSON.stringify(raw.durability)})`, 'durability');
  }
  const settings: EmbeddedSettings = {
    file: resolve(file),
    durability,
    maxMessageBytes: int('maxMessageBytes', embeddedCapabilities.maxMessageBytes),
    busyTimeoutMs: int('busyTimeoutMs', settingDefaults.busyTimeoutMs),
    groupHeartbeatMs: int('groupHeartbeatMs', settingDefaults.groupHeartbeatMs),
    groupLeaseMs: int('groupLeaseMs', settingDefaults.groupLeaseMs),
    sweepIntervalMs: int('sweepIntervalMs', settingDefaults.sweepIntervalMs),
    pollIntervalMs: int('pollIntervalMs', settingDefaults.pollIntervalMs),
  };
  if (settings.groupLeaseMs < 2 * settings.groupHeartbeatMs) {
    reader.problem(`groupLeaseMs (${settings.groupLeaseMs}) must be at least twice groupHeartbeatMs (${settings.groupHeartbeatMs})`);
  }
  return settings;
}
