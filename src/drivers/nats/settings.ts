/**
 * Every setting of a NATS JetStream broker: its schema (config validation and the editor schema
 * use it), defaults and limits written once, and the one read that checks them for both parse
 * (create) and check (validate). The SDK is never imported here.
 */
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { natsCapabilities } from './capabilities.js';

export interface NatsSettings {
  /** nats:// URLs of the servers to connect to (the client moves between them). */
  servers: string[];
  token?: string;
  user?: string;
  password?: string;
  /** A .creds file (JWT and NKey seed), for accounts run with the NATS resolver. */
  credentialsFile?: string;
  maxMessageBytes: number;
  /** Stream replicas for the streams the driver creates (1 on a single server). */
  replicas: number;
  /** Duplicate window of topic streams (queues take theirs from dedupWindowMs). */
  topicDuplicateWindowMs: number;
  /** How long a topic stream keeps an event (limits retention, docs/delivery-guarantees.md says why). */
  topicRetentionMs: number;
  connectTimeoutMs: number;
}

const settingDefaults = { servers: 'nats://127.0.0.1:4222', replicas: 1, topicDuplicateWindowMs: 120_000, topicRetentionMs: 7 * 86_400_000, connectTimeoutMs: 5000 } as const;

export const natsSettingsSchema = Type.Object(
  {
    servers: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
        description: `nats:// URL of a server, or a list of them (default ${settingDefaults.servers})`,
      }),
    ),
    token: Type.Optional(Type.String({ minLength: 1, description: 'Authentication token (exclusive of user/password and credentialsFile)' })),
    user: Type.Optional(Type.String({ minLength: 1, description: 'User name; needs password' })),
    password: Type.Optional(Type.String({ minLength: 1, description: 'Password of user' })),
    credentialsFile: Type.Optional(Type.String({ minLength: 1, description: 'Path of a NATS .creds file (JWT and NKey seed)' })),
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, description: `Largest body accepted (default ${natsCapabilities.maxMessageBytes}, the server's default max_payload)` }),
    ),
    replicas: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: `Replicas of the streams the driver creates (default ${settingDefaults.replicas})` })),
    topicDuplicateWindowMs: Type.Optional(
      Type.Integer({
        minimum: 1000,
        maximum: 7 * 86_400_000,
        description: `Window within which a topic event's idempotency key suppresses a republish (default ${settingDefaults.topicDuplicateWindowMs})`,
      }),
    ),
    topicRetentionMs: Type.Optional(
      Type.Integer({
        minimum: 60_000,
        maximum: 366 * 86_400_000,
        description: `How long a topic keeps an event for subscriptions that have not taken it yet (default ${settingDefaults.topicRetentionMs}, 7 days)`,
      }),
    ),
    connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, description: `How long connect waits for a server (default ${settingDefaults.connectTimeoutMs})` })),
  },
  { additionalProperties: false },
);

const settings = driverSettings('nats', natsSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseNatsSettings = settings.parse;
/** What parseNatsSettings would refuse, for config validation. */
export const checkNatsSettings = settings.check;

function read(reader: SettingsReader, dataDir: string): NatsSettings {
  const servers = readServers(reader);
  const token = reader.text('token');
  const user = reader.text('user');
  const password = reader.text('password');
  const credentialsFile = reader.text('credentialsFile');
  if ((user === undefined) !== (password === undefined)) reader.problem('user and password must be given together');
  const methods = [token, user, credentialsFile].filter((value) => value !== undefined).length;
  if (methods > 1) reader.problem('give one of token, user/password or credentialsFile, not several');
  const topicDuplicateWindowMs = reader.int('topicDuplicateWindowMs', settingDefaults.topicDuplicateWindowMs);
  const topicRetentionMs = reader.int('topicRetentionMs', settingDefaults.topicRetentionMs);
  // JetStream refuses a duplicate window longer than the stream keeps its messages.
  if (topicDuplicateWindowMs > topicRetentionMs) reader.problem(`topicDuplicateWindowMs (${topicDuplicateWindowMs}) must not exceed topicRetentionMs (${topicRetentionMs})`, 'topicDuplicateWindowMs');
  return {
    servers,
    ...(token === undefined ? {} : { token }),
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password }),
    ...(credentialsFile === undefined ? {} : { credentialsFile: credentialsFile.startsWith('/') ? credentialsFile : `${dataDir}/${credentialsFile}` }),
    maxMessageBytes: reader.int('maxMessageBytes', natsCapabilities.maxMessageBytes),
    replicas: reader.int('replicas', settingDefaults.replicas),
    topicDuplicateWindowMs,
    topicRetentionMs,
    connectTimeoutMs: reader.int('connectTimeoutMs', settingDefaults.connectTimeoutMs),
  };
}

const serverUrl = /^(nats|tls|ws|wss):\/\/[^\s/]+$/;

function readServers(reader: SettingsReader): string[] {
  const raw = reader.raw.servers ?? settingDefaults.servers;
  const list = Array.isArray(raw) ? raw : [raw];
  const good = list.filter((entry): entry is string => typeof entry === 'string' && serverUrl.test(entry.trim()));
  if (list.length === 0 || good.length !== list.length) {
    reader.problem(`servers must be a nats://host:port URL or a non-empty list of them (got ${JSON.stringify(raw)})`, 'servers');
  }
  return good.map((entry) => entry.trim());
}
