/**
 * Every setting of the Redis Streams broker: schema, defaults and limits written once, one read
 * for create and validate (settings-reader.ts), every problem reported at once.
 */
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { redisCapabilities } from './capabilities.js';

export interface RedisSettings {
  /** redis:// or rediss:// URL, credentials and database number included. */
  url: string;
  /** Put before every key Outrigger reads or writes, so that several deployments share one database. */
  keyPrefix: string;
  /** The consumer group every Outrigger inbox stream is read through. */
  consumerGroup: string;
  maxMessageBytes: number;
  connectTimeoutMs: number;
  /** How long a command may wait for its answer before the connection is taken for dead and replaced. */
  commandTimeoutMs: number;
  /** How often a consumer-group member renews its heartbeat and learns its partitions. */
  groupHeartbeatMs: number;
  /** How long a silent member keeps its partitions before others take them over. */
  groupLeaseMs: number;
}

const defaults = { url: 'redis://127.0.0.1:6379', keyPrefix: '', consumerGroup: 'outrigger', connectTimeoutMs: 5000, commandTimeoutMs: 10_000, groupHeartbeatMs: 1000, groupLeaseMs: 5000 } as const;

export const redisSettingsSchema = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, description: `redis:// or rediss:// URL with credentials and database (default ${defaults.url})` })),
    keyPrefix: Type.Optional(Type.String({ description: 'Prefix of every key Outrigger uses, e.g. "app1:" (default none: a queue is the stream of its own name)' })),
    consumerGroup: Type.Optional(Type.String({ minLength: 1, description: `Consumer group Outrigger reads every queue and subscription stream with (default ${defaults.consumerGroup})` })),
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, maximum: 512 * 1024 * 1024, description: `Largest message (body and headers) accepted (default ${redisCapabilities.maxMessageBytes}; Redis keeps messages in memory)` }),
    ),
    connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, description: `How long connecting may take (default ${defaults.connectTimeoutMs})` })),
    commandTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 100,
        maximum: 600_000,
        description: `How long a command may wait for Redis's answer before the connection is taken for dead (half-open) and replaced (default ${defaults.commandTimeoutMs})`,
      }),
    ),
    groupHeartbeatMs: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 60_000, description: `Consumer-group heartbeat and rebalancing interval (default ${defaults.groupHeartbeatMs})` }),
    ),
    groupLeaseMs: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 600_000,
        description: `How long a silent consumer-group member keeps its partitions (default ${defaults.groupLeaseMs}; at least twice groupHeartbeatMs)`,
      }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('redis', redisSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseRedisSettings = settings.parse;
/** What parseRedisSettings would refuse, for config validation. */
export const checkRedisSettings = settings.check;

/**
 * Why Redis Cluster is refused rather than half-supported: each queue's scripts read and write
 * several keys at once, which a cluster may keep on different nodes.
 */
export const clusterRefusal =
  'Redis Cluster is not supported: the redis driver needs one Redis server (a primary, with replicas if wanted), because each queue, topic and stream is kept in several keys that its scripts change together and that a cluster may place on different nodes';

/** Settings other clients use for a cluster's nodes; named here so that they get the real reason. */
const clusterKeys = ['cluster', 'nodes', 'rootNodes', 'clusterNodes', 'startupNodes'];

function read(reader: SettingsReader): RedisSettings {
  const url = reader.text('url') ?? defaults.url;
  const clusterLike = [
    /^rediss?\+cluster:\/\//.test(url) ? `url ${JSON.stringify(url)} asks for a cluster` : undefined,
    /^rediss?:\/\/[^/]*,/.test(url) ? `url ${JSON.stringify(url)} names several servers` : undefined,
    ...clusterKeys.filter((key) => key in reader.raw).map((key) => `setting '${key}' describes a cluster`),
  ].filter((what) => what !== undefined);
  // Not tied to one setting, so validate reports it beside the schema's "unknown setting".
  if (clusterLike.length > 0) reader.problem(`${clusterRefusal} (${clusterLike.join('; ')})`);
  else if (!/^rediss?:\/\//.test(url)) reader.problem(`url must start with redis:// or rediss:// (got ${JSON.stringify(url)})`, 'url');
  let keyPrefix: string = defaults.keyPrefix;
  const rawPrefix = reader.raw.keyPrefix;
  if (rawPrefix !== undefined) {
    if (typeof rawPrefix === 'string') keyPrefix = rawPrefix;
    else reader.problem(`keyPrefix must be a string (got ${JSON.stringify(rawPrefix)})`, 'keyPrefix');
  }
  const settings: RedisSettings = {
    url,
    keyPrefix,
    consumerGroup: reader.text('consumerGroup') ?? defaults.consumerGroup,
    maxMessageBytes: reader.int('maxMessageBytes', redisCapabilities.maxMessageBytes),
    connectTimeoutMs: reader.int('connectTimeoutMs', defaults.connectTimeoutMs),
    commandTimeoutMs: reader.int('commandTimeoutMs', defaults.commandTimeoutMs),
    groupHeartbeatMs: reader.int('groupHeartbeatMs', defaults.groupHeartbeatMs),
    groupLeaseMs: reader.int('groupLeaseMs', defaults.groupLeaseMs),
  };
  if (settings.groupLeaseMs < 2 * settings.groupHeartbeatMs) {
    reader.problem(`groupLeaseMs (${settings.groupLeaseMs}) must be at least twice groupHeartbeatMs (${settings.groupHeartbeatMs})`);
  }
  return settings;
}
