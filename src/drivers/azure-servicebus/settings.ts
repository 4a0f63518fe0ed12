/**
 * Every setting of the Service Bus driver: its schema (which config validation and the editor
 * schema use), defaults and limits, written once, and the one parse that checks them. All
 * problems are reported together, each naming the setting, what it accepts and what it got.
 */
import { Type } from '../settings-schema.js';
import { namespaceSetting, readAzureAuth } from '../azure/auth-settings.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { serviceBusCapabilities } from './capabilities.js';

export type ServiceBusAuth =
  | { kind: 'connectionString'; connectionString: string }
  /** DefaultAzureCredential (workload identity); clientId picks a user-assigned identity. */
  | { kind: 'namespace'; namespace: string; clientId?: string };

export interface ServiceBusSettings {
  auth: ServiceBusAuth;
  /** Largest message body accepted; 256 KiB on the standard tier. */
  maxMessageBytes: number;
  /** Sessions held at once per session-enabled inbox (one message of each in flight). */
  maxConcurrentSessions: number;
  /** A lock is never renewed past this long after the message was received. */
  lockRenewalMaxMs: number;
  /** Concurrent peek-lock receive calls per inbox (each holds one receiver link, reused). */
  maxReceiversPerInbox: number;
  /** Create and update subscription rules to match config; without it they are only checked. */
  manageEntities: boolean;
  /** The session-enabled queue all request/reply callers on the namespace share, each reading its own session. */
  replyQueue: string;
  /** A receive not back this long after its wait ended is a stalled receiver: aborted and replaced. */
  receiveStallMs: number;
  /** After a ServerBusy answer, new sends and receives on the namespace wait this long. */
  serverBusyBackoffMs: number;
  /** Expected processing time per message: one receive locks at most lockDuration / this many. */
  expectedProcessingMs: number;
}

const settingDefaults = {
  maxConcurrentSessions: 8,
  replyQueue: 'outrigger-replies',
  lockRenewalMaxMs: 300_000,
  maxReceiversPerInbox: 8,
  manageEntities: false,
  receiveStallMs: 10_000,
  serverBusyBackoffMs: 10_000,
  expectedProcessingMs: 1000,
} as const;

const d = settingDefaults;

export const serviceBusSettingsSchema = Type.Object(
  {
    connectionString: Type.Optional(
      Type.String({ minLength: 1, description: 'Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution' }),
    ),
    namespace: namespaceSetting,
    clientId: Type.Optional(
      Type.String({ minLength: 1, description: 'With namespace: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)' }),
    ),
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024, description: `Largest message body (default ${serviceBusCapabilities.maxMessageBytes}, the standard tier; premium allows more)` }),
    ),
    maxConcurrentSessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: `Sessions (ordering keys) held at once per session-enabled queue or subscription, each with one message in flight (default ${d.maxConcurrentSessions})` })),
    replyQueue: Type.Optional(
      Type.String({ minLength: 1, maxLength: 260, description: `Session-enabled queue that carries every request/reply answer on the namespace, each caller reading its own session (default ${d.replyQueue})` }),
    ),
    lockRenewalMaxMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 86_400_000, description: `A message (or session) lock is never renewed beyond this long after the message was received (default ${d.lockRenewalMaxMs})` }),
    ),
    maxReceiversPerInbox: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 64, description: `Concurrent receive calls per queue or subscription, one reused receiver link each (default ${d.maxReceiversPerInbox})` }),
    ),
    manageEntities: Type.Optional(
      Type.Boolean({ description: `Create and update subscription rules to match the configured filters (replacing $Default); without it (default ${d.manageEntities}) rules are only checked and a mismatch fails start` }),
    ),
    receiveStallMs: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 600_000, description: `A receive not returned this long after its wait ended is a stalled receiver link: aborted and replaced (default ${d.receiveStallMs})` }),
    ),
    serverBusyBackoffMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 600_000, description: `After a ServerBusy answer, new sends and receives on the namespace fail fast with Retry-After for this long (default ${d.serverBusyBackoffMs})` }),
    ),
    expectedProcessingMs: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3_600_000, description: `Expected processing time per message; one receive locks at most lockDuration / expectedProcessingMs messages (default ${d.expectedProcessingMs})` }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('azure-servicebus', serviceBusSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseServiceBusSettings = settings.parse;
/** What parseServiceBusSettings would refuse, for config validation. */
export const checkServiceBusSettings = settings.check;

function read(reader: SettingsReader): ServiceBusSettings {
  const int = reader.int.bind(reader);
  const azureAuth = readAzureAuth(reader, 'SERVICEBUS_CONNECTION');
  let auth: ServiceBusAuth = azureAuth;
  if (azureAuth.kind === 'namespace') {
    const clientId = reader.text('clientId');
    auth = { ...azureAuth, ...(clientId === undefined ? {} : { clientId }) };
  } else if (reader.raw.clientId !== undefined) {
    reader.problem('clientId applies only with namespace (Azure credentials), not with connectionString');
  }
  const manageEntities = reader.flag('manageEntities', d.manageEntities);
  return {
    auth,
    maxMessageBytes: int('maxMessageBytes', serviceBusCapabilities.maxMessageBytes),
    maxConcurrentSessions: int('maxConcurrentSessions', d.maxConcurrentSessions),
    replyQueue: reader.text('replyQueue') ?? d.replyQueue,
    lockRenewalMaxMs: int('lockRenewalMaxMs', d.lockRenewalMaxMs),
    maxReceiversPerInbox: int('maxReceiversPerInbox', d.maxReceiversPerInbox),
    manageEntities,
    receiveStallMs: int('receiveStallMs', d.receiveStallMs),
    serverBusyBackoffMs: int('serverBusyBackoffMs', d.serverBusyBackoffMs),
    expectedProcessingMs: int('expectedProcessingMs', d.expectedProcessingMs),
  };
}
