/**
 * Every setting of a RabbitMQ broker: its schema (config validation and the editor schema use
 * it), defaults and limits written once, and the one read that checks them for both parse
 * (create) and check (validate). The SDK is never imported here.
 */
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { rabbitmqCapabilities } from './capabilities.js';

export type QueueType = 'quorum' | 'classic';

export interface RabbitmqSettings {
  /** amqp:// or amqps:// URL, credentials and vhost included. */
  url: string;
  /** The type of the queues the driver declares (inboxes and their dead-letter queues). */
  queueType: QueueType;
  maxMessageBytes: number;
  /** How long connect, and an operation during a reconnect, wait for the server. */
  connectTimeoutMs: number;
  /** AMQP heartbeat: a connection silent for two of these is given up and replaced. */
  heartbeatSeconds: number;
  /** Key-hash queues of an ordered queue (topology.ts); the same on every sidecar of the queue. */
  keyQueues: number;
}

const settingDefaults = { url: 'amqp://guest:guest@127.0.0.1:5672', queueType: 'quorum', connectTimeoutMs: 5000, heartbeatSeconds: 10, keyQueues: 8 } as const;
const d = settingDefaults;

export const rabbitmqSettingsSchema = Type.Object(
  {
    url: Type.Optional(
      Type.String({ minLength: 1, description: `amqp:// or amqps:// URL of the server, with user, password and vhost (default ${d.url}); use \${ENV} substitution for the password` }),
    ),
    queueType: Type.Optional(
      Type.Union([Type.Literal('quorum'), Type.Literal('classic')], {
        description: `Type of the queues the driver declares (default ${d.queueType}); quorum queues count deliveries themselves (x-delivery-count)`,
      }),
    ),
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, maximum: 512 * 1024 * 1024, description: `Largest body accepted (default ${rabbitmqCapabilities.maxMessageBytes}, RabbitMQ's default max_message_size)` }),
    ),
    connectTimeoutMs: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 600_000, description: `How long connect, and an operation while the connection is re-established, wait for the server (default ${d.connectTimeoutMs})` }),
    ),
    heartbeatSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 600,
        description: `AMQP heartbeat interval (default ${d.heartbeatSeconds}); a connection that stays silent for about twice this long is dropped and re-established (the server may ask for a shorter one)`,
      }),
    ),
    keyQueues: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 64,
        description: `Queues an ordered queue's keyed messages are spread over by a hash of their ordering key, each read by one sidecar at a time (default ${d.keyQueues}); every sidecar of a queue must use the same number`,
      }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('rabbitmq', rabbitmqSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseRabbitmqSettings = settings.parse;
/** What parseRabbitmqSettings would refuse, for config validation. */
export const checkRabbitmqSettings = settings.check;

const urlPattern = /^amqps?:\/\/[^\s]+$/;
const queueTypes: readonly string[] = ['quorum', 'classic'];

function read(reader: SettingsReader): RabbitmqSettings {
  const url = reader.text('url') ?? d.url;
  if (!urlPattern.test(url)) reader.problem(`url must be an amqp:// or amqps:// URL (got ${JSON.stringify(reader.raw.url)})`, 'url');
  const queueType = reader.raw.queueType ?? d.queueType;
  if (typeof queueType !== 'string' || !queueTypes.includes(queueType)) {
    reader.problem(`queueType must be one of ${queueTypes.join(', ')} (got ${JSON.stringify(queueType)})`, 'queueType');
  }
  return {
    url,
    queueType: queueType === 'classic' ? 'classic' : 'quorum',
    maxMessageBytes: reader.int('maxMessageBytes', rabbitmqCapabilities.maxMessageBytes),
    connectTimeoutMs: reader.int('connectTimeoutMs', d.connectTimeoutMs),
    heartbeatSeconds: reader.int('heartbeatSeconds', d.heartbeatSeconds),
    keyQueues: reader.int('keyQueues', d.keyQueues),
  };
}
