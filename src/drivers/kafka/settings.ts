/**
 * Every setting of a Kafka broker: schema, defaults and limits written once, one read for create
 * and validate (settings-reader.ts), every problem reported at once. Security follows Kafka's
 * own names (security.protocol, sasl.mechanism), so a Kafka client configuration maps one to one;
 * Event Hubs' Kafka endpoint is SASL_SSL + PLAIN with the user `$ConnectionString` (docs/kafka.md).
 */
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { kafkaCapabilities } from './capabilities.js';

export const securityProtocols = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SecurityProtocol = (typeof securityProtocols)[number];
export type SaslMechanism = (typeof saslMechanisms)[number];

export interface KafkaSettings {
  /** host:port of the brokers to learn the cluster from. */
  bootstrapServers: string[];
  clientId: string;
  securityProtocol: SecurityProtocol;
  /** With SASL_*: the mechanism, user and password. */
  sasl: { mechanism: SaslMechanism; username: string; password: string } | undefined;
  /** With SSL / SASL_SSL: PEM files (paths resolved against the data dir); none: the system's CAs. */
  tls: { caFile?: string; certFile?: string; keyFile?: string } | undefined;
  maxMessageBytes: number;
  /** Replication factor of the topics the driver creates; undefined: the broker's default. */
  replicationFactor: number | undefined;
  /** Create missing stream topics (false where topics are made outside, as on Event Hubs). */
  createTopics: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** A consumer-group member silent this long loses its partitions. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Pause before a failed processEvents call is made again with the same events. */
  processRetryMs: number;
  /** 0: a stream checkpoint is committed before it resolves; more: commits at most once per this many ms per member. */
  commitIntervalMs: number;
}

const defaults = {
  bootstrapServers: '127.0.0.1:9092',
  clientId: 'outrigger',
  securityProtocol: 'PLAINTEXT',
  createTopics: true,
  connectTimeoutMs: 5000,
  requestTimeoutMs: 30_000,
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
  processRetryMs: 1000,
  commitIntervalMs: 0,
} as const;

const literals = <T extends string>(values: readonly T[], description: string) => Type.Optional(Type.Union(values.map((value) => Type.Literal(value)), { description }));

export const kafkaSettingsSchema = Type.Object(
  {
    bootstrapServers: Type.Optional(
      Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], {
        description: `host:port of a broker, or a list of them (default ${defaults.bootstrapServers}); Event Hubs: <namespace>.servicebus.windows.net:9093`,
      }),
    ),
    clientId: Type.Optional(Type.String({ minLength: 1, description: `Client id the broker sees in its logs and quotas (default ${defaults.clientId})` })),
    securityProtocol: literals(securityProtocols, `Kafka security.protocol (default ${defaults.securityProtocol}); Event Hubs: SASL_SSL`),
    saslMechanism: literals(saslMechanisms, 'Kafka sasl.mechanism, required with SASL_PLAINTEXT and SASL_SSL; Event Hubs: PLAIN'),
    username: Type.Optional(Type.String({ minLength: 1, description: 'SASL user; Event Hubs: $ConnectionString' })),
    password: Type.Optional(Type.String({ minLength: 1, description: 'SASL password; Event Hubs: the namespace connection string (use ${ENV} substitution)' })),
    tlsCaFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM file of the CAs to trust with SSL / SASL_SSL (default: the system CAs)' })),
    tlsCertFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM client certificate for mutual TLS; needs tlsKeyFile' })),
    tlsKeyFile: Type.Optional(Type.String({ minLength: 1, description: 'PEM private key of tlsCertFile' })),
    maxMessageBytes: Type.Optional(
      Type.Integer({
        minimum: 1024,
        maximum: 100 * 1024 * 1024,
        description: `Largest record (value, key and headers) accepted (default ${kafkaCapabilities.maxMessageBytes}; raise with the broker's message.max.bytes)`,
      }),
    ),
    replicationFactor: Type.Optional(Type.Integer({ minimum: 1, maximum: 32, description: "Replication factor of the topics the driver creates (default: the broker's default.replication.factor)" })),
    createTopics: Type.Optional(Type.Boolean({ description: `Create a stream's topic when it is missing (default ${defaults.createTopics}); false: it must exist` })),
    connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000, description: `How long opening a broker connection may take (default ${defaults.connectTimeoutMs})` })),
    requestTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 600_000, description: `How long a request may wait for the broker's answer (default ${defaults.requestTimeoutMs})` })),
    sessionTimeoutMs: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 1_800_000, description: `A silent consumer-group member loses its partitions after this long (default ${defaults.sessionTimeoutMs})` }),
    ),
    heartbeatIntervalMs: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 600_000, description: `Consumer-group heartbeat interval (default ${defaults.heartbeatIntervalMs}; at most a third of sessionTimeoutMs)` }),
    ),
    processRetryMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000, description: `Pause before a failed batch is processed again (default ${defaults.processRetryMs})` })),
    commitIntervalMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 60_000,
        description: '0 (default): each stream checkpoint is committed before the next batch; more: commits at most once per this many ms, flushed when a partition is given up (a crash repeats at most that much)',
      }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('kafka', kafkaSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseKafkaSettings = settings.parse;
/** What parseKafkaSettings would refuse, for config validation. */
export const checkKafkaSettings = settings.check;

function read(reader: SettingsReader, dataDir: string): KafkaSettings {
  const securityProtocol = oneOf(reader, 'securityProtocol', securityProtocols) ?? defaults.securityProtocol;
  const result: KafkaSettings = {
    bootstrapServers: readServers(reader),
    clientId: reader.text('clientId') ?? defaults.clientId,
    securityProtocol,
    sasl: readSasl(reader, securityProtocol),
    tls: readTls(reader, securityProtocol, dataDir),
    maxMessageBytes: reader.int('maxMessageBytes', kafkaCapabilities.maxMessageBytes),
    replicationFactor: reader.raw.replicationFactor === undefined ? undefined : reader.int('replicationFactor', 1),
    createTopics: reader.flag('createTopics', defaults.createTopics),
    connectTimeoutMs: reader.int('connectTimeoutMs', defaults.connectTimeoutMs),
    requestTimeoutMs: reader.int('requestTimeoutMs', defaults.requestTimeoutMs),
    sessionTimeoutMs: reader.int('sessionTimeoutMs', defaults.sessionTimeoutMs),
    heartbeatIntervalMs: reader.int('heartbeatIntervalMs', defaults.heartbeatIntervalMs),
    processRetryMs: reader.int('processRetryMs', defaults.processRetryMs),
    commitIntervalMs: reader.int('commitIntervalMs', defaults.commitIntervalMs),
  };
  if (result.heartbeatIntervalMs * 3 > result.sessionTimeoutMs) {
    reader.problem(`heartbeatIntervalMs (${result.heartbeatIntervalMs}) must be at most a third of sessionTimeoutMs (${result.sessionTimeoutMs})`);
  }
  return result;
}

const hostPort = /^[^\s:/]+:\d{1,5}$/;

function readServers(reader: SettingsReader): string[] {
  const raw = reader.raw.bootstrapServers ?? defaults.bootstrapServers;
  const list = Array.isArray(raw) ? raw : [raw];
  const good = list.filter((entry): entry is string => typeof entry === 'string' && hostPort.test(entry.trim()));
  if (list.length === 0 || good.length !== list.length) {
    reader.problem(`bootstrapServers must be host:port or a non-empty list of them (got ${JSON.stringify(raw)})`, 'bootstrapServers');
  }
  return good.map((entry) => entry.trim());
}

function oneOf<T extends string>(reader: SettingsReader, key: string, values: readonly T[]): T | undefined {
  const raw = reader.raw[key];
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
  reader.problem(`${key} must be one of ${values.join(', ')} (got ${JSON.stringify(raw)})`, key);
  return undefined;
}

function readSasl(reader: SettingsReader, protocol: SecurityProtocol): KafkaSettings['sasl'] {
  const mechanism = oneOf(reader, 'saslMechanism', saslMechanisms);
  const username = reader.text('username');
  const password = reader.text('password');
  if (!protocol.startsWith('SASL_')) {
    if (mechanism !== undefined || username !== undefined || password !== undefined) {
      reader.problem(`saslMechanism, username and password need securityProtocol SASL_PLAINTEXT or SASL_SSL (got ${protocol})`);
    }
    return undefined;
  }
  if (mechanism === undefined || username === undefined || password === undefined) {
    if (reader.raw.saslMechanism === undefined) reader.problem(`securityProtocol ${protocol} needs saslMechanism (one of ${saslMechanisms.join(', ')})`, 'saslMechanism');
    if (reader.raw.username === undefined) reader.problem(`securityProtocol ${protocol} needs username`, 'username');
    if (reader.raw.password === undefined) reader.problem(`securityProtocol ${protocol} needs password`, 'password');
    return undefined;
  }
  return { mechanism, username, password };
}

function readTls(reader: SettingsReader, protocol: SecurityProtocol, dataDir: string): KafkaSettings['tls'] {
  const path = (key: string): string | undefined => {
    const value = reader.text(key);
    return value === undefined || value.startsWith('/') ? value : `${dataDir}/${value}`;
  };
  const caFile = path('tlsCaFile');
  const certFile = path('tlsCertFile');
  const keyFile = path('tlsKeyFile');
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  if (!tls) {
    if (caFile !== undefined || certFile !== undefined || keyFile !== undefined) reader.problem(`tlsCaFile, tlsCertFile and tlsKeyFile need securityProtocol SSL or SASL_SSL (got ${protocol})`);
    return undefined;
  }
  if ((certFile === undefined) !== (keyFile === undefined)) reader.problem('tlsCertFile and tlsKeyFile must be given together');
  return { ...(caFile === undefined ? {} : { caFile }), ...(certFile === undefined ? {} : { certFile }), ...(keyFile === undefined ? {} : { keyFile }) };
}
