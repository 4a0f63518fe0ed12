/**
 * Every setting of the Service Bus driver, parsed and checked in one place; all problems are
 * reported together, each naming the setting, what it accepts and what it got.
 */
import { SettingsReader } from '../settings-reader.js';
import type { DriverOptions } from '../contract.js';
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

export const settingDefaults = {
  maxConcurrentSessions: 8,
  replyQueue: 'outrigger-replies',
  lockRenewalMaxMs: 300_000,
  maxReceiversPerInbox: 8,
  receiveStallMs: 10_000,
  serverBusyBackoffMs: 10_000,
  expectedProcessingMs: 1000,
} as const;

const known = ['connectionString', 'namespace', 'maxMessageBytes', 'maxConcurrentSessions', 'lockRenewalMaxMs', 'maxReceiversPerInbox', 'manageEntities', 'receiveStallMs', 'serverBusyBackoffMs', 'expectedProcessingMs', 'clientId', 'replyQueue'];

export function parseServiceBusSettings(options: DriverOptions): ServiceBusSettings {
  const reader = new SettingsReader(options.settings, known);
  const { problems } = reader;
  const int = reader.int.bind(reader);
  const connectionString = reader.text('connectionString');
  const namespace = reader.text('namespace');
  let auth: ServiceBusAuth = { kind: 'connectionString', connectionString: '' };
  if (connectionString !== undefined && namespace !== undefined) problems.push('give either connectionString or namespace, not both');
  else if (connectionString !== undefined) {
    if (!/(^|;)\s*Endpoint\s*=\s*sb:\/\//i.test(connectionString)) problems.push('connectionString must contain Endpoint=sb://<namespace>/ (the value is not shown)');
    auth = { kind: 'connectionString', connectionString };
  } else if (namespace !== undefined) {
    const clientId = reader.text('clientId');
    const host = namespace.replace(/^sb:\/\//i, '').replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(host)) {
      problems.push(`namespace must be the fully qualified namespace, e.g. shop.servicebus.windows.net (got ${JSON.stringify(namespace)})`);
    }
    auth = { kind: 'namespace', namespace: host, ...(clientId === undefined ? {} : { clientId }) };
  } else problems.push('one of connectionString (e.g. "${SERVICEBUS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required');

  if (auth.kind !== 'namespace' && reader.raw.clientId !== undefined) problems.push('clientId applies only with namespace (Azure credentials), not with connectionString');
  const manageEntities = reader.raw.manageEntities ?? false;
  if (typeof manageEntities !== 'boolean') problems.push(`manageEntities must be true or false (got ${JSON.stringify(manageEntities)})`);

  const settings: ServiceBusSettings = {
    auth,
    maxMessageBytes: int('maxMessageBytes', serviceBusCapabilities.maxMessageBytes, 1024, 100 * 1024 * 1024),
    maxConcurrentSessions: int('maxConcurrentSessions', settingDefaults.maxConcurrentSessions, 1, 1000),
    replyQueue: reader.text('replyQueue') ?? settingDefaults.replyQueue,
    lockRenewalMaxMs: int('lockRenewalMaxMs', settingDefaults.lockRenewalMaxMs, 0, 86_400_000),
    maxReceiversPerInbox: int('maxReceiversPerInbox', settingDefaults.maxReceiversPerInbox, 1, 64),
    manageEntities: manageEntities === true,
    receiveStallMs: int('receiveStallMs', settingDefaults.receiveStallMs, 100, 600_000),
    serverBusyBackoffMs: int('serverBusyBackoffMs', settingDefaults.serverBusyBackoffMs, 0, 600_000),
    expectedProcessingMs: int('expectedProcessingMs', settingDefaults.expectedProcessingMs, 1, 3_600_000),
  };
  reader.finish(`azure-servicebus broker '${options.name}'`);
  return settings;
}
