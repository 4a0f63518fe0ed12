/**
 * Every setting of the Service Bus driver, parsed and checked in one place; all problems are
 * reported together, each naming the setting, what it accepts and what it got.
 */
import { SettingsReader } from '../settings-reader.js';
import type { DriverOptions } from '../contract.js';
import { serviceBusCapabilities } from './capabilities.js';

export type ServiceBusAuth = { kind: 'connectionString'; connectionString: string } | { kind: 'namespace'; namespace: string };

export interface ServiceBusSettings {
  auth: ServiceBusAuth;
  /** Largest message body accepted; 256 KiB on the standard tier. */
  maxMessageBytes: number;
  /** Reserved for sessions (a later slice); accepted and validated, not yet used. */
  maxConcurrentSessions: number;
  /** A lock is never renewed past this long after the message was received. */
  lockRenewalMaxMs: number;
  /** Concurrent peek-lock receive calls per inbox (each holds one receiver link, reused). */
  maxReceiversPerInbox: number;
}

export const settingDefaults = {
  maxConcurrentSessions: 8,
  lockRenewalMaxMs: 300_000,
  maxReceiversPerInbox: 8,
} as const;

const known = ['connectionString', 'namespace', 'maxMessageBytes', 'maxConcurrentSessions', 'lockRenewalMaxMs', 'maxReceiversPerInbox'];

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
  } else if (namespace !== undefined) auth = { kind: 'namespace', namespace };
  else problems.push('one of connectionString (e.g. "${SERVICEBUS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required');

  const settings: ServiceBusSettings = {
    auth,
    maxMessageBytes: int('maxMessageBytes', serviceBusCapabilities.maxMessageBytes, 1024, 100 * 1024 * 1024),
    maxConcurrentSessions: int('maxConcurrentSessions', settingDefaults.maxConcurrentSessions, 1, 1000),
    lockRenewalMaxMs: int('lockRenewalMaxMs', settingDefaults.lockRenewalMaxMs, 0, 86_400_000),
    maxReceiversPerInbox: int('maxReceiversPerInbox', settingDefaults.maxReceiversPerInbox, 1, 64),
  };
  reader.finish(`azure-servicebus broker '${options.name}'`);
  return settings;
}
