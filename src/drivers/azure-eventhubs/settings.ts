/**
 * Every setting of the Event Hubs driver, parsed and checked in one place; all problems are
 * reported together, each naming the setting, what it accepts and what it got.
 */
import { SettingsReader } from '../settings-reader.js';
import type { DriverOptions } from '../contract.js';
import { eventHubsCapabilities } from './capabilities.js';

export type EventHubsAuth =
  | { kind: 'connectionString'; connectionString: string }
  /** DefaultAzureCredential (workload identity); the clientId setting picks a user-assigned identity. */
  | { kind: 'namespace'; namespace: string };

export interface EventHubsSettings {
  auth: EventHubsAuth;
  /** Azure Storage connection string of the blob checkpoint store; consumer groups need it or checkpointAccountUrl. */
  checkpointStorage: string | undefined;
  /** Blob service URL (https://<account>.blob.core.windows.net) of the checkpoint store, used with DefaultAzureCredential. */
  checkpointAccountUrl: string | undefined;
  /** With namespace or checkpointAccountUrl: the user-assigned / workload identity to use. */
  clientId: string | undefined;
  /** Blob container holding checkpoints and ownership (created if missing). */
  checkpointContainer: string;
  /** Largest event body accepted; 1 MiB on the standard tier. */
  maxMessageBytes: number;
  /** Consumer group used by plain reads (SSE / gRPC replay), which keep no checkpoint. */
  readConsumerGroup: string;
  /** How often each consumer re-balances partitions and renews its ownership claims. */
  loadBalancingIntervalMs: number;
  /** A claim not renewed for this long is free for another member to take. */
  ownershipExpiryMs: number;
  /** Pause before a failed processEvents call is made again with the same events. */
  processRetryMs: number;
  /** 0: each checkpoint is written at once; more: at most one checkpoint write per partition per this many ms. */
  checkpointIntervalMs: number;
}

export const settingDefaults = {
  checkpointContainer: 'outrigger-checkpoints',
  readConsumerGroup: '$Default',
  loadBalancingIntervalMs: 10_000,
  ownershipExpiryMs: 60_000,
  processRetryMs: 1000,
  checkpointIntervalMs: 0,
} as const;

const known = [
  'connectionString',
  'namespace',
  'checkpointStorage',
  'checkpointAccountUrl',
  'clientId',
  'checkpointContainer',
  'maxMessageBytes',
  'readConsumerGroup',
  'loadBalancingIntervalMs',
  'ownershipExpiryMs',
  'processRetryMs',
  'checkpointIntervalMs',
];

export function parseEventHubsSettings(options: DriverOptions): EventHubsSettings {
  const reader = new SettingsReader(options.settings, known);
  const { problems } = reader;
  const int = reader.int.bind(reader);
  const connectionString = reader.text('connectionString');
  const namespace = reader.text('namespace');
  const clientId = reader.text('clientId');
  let auth: EventHubsAuth = { kind: 'connectionString', connectionString: '' };
  if (connectionString !== undefined && namespace !== undefined) problems.push('give either connectionString or namespace, not both');
  else if (connectionString !== undefined) {
    if (!/(^|;)\s*Endpoint\s*=\s*sb:\/\//i.test(connectionString)) problems.push('connectionString must contain Endpoint=sb://<namespace>/ (the value is not shown)');
    if (/(^|;)\s*EntityPath\s*=/i.test(connectionString)) problems.push('connectionString must be the namespace-level one, without EntityPath: each stream names its own event hub');
    auth = { kind: 'connectionString', connectionString };
  } else if (namespace !== undefined) {
    const host = namespace.replace(/^sb:\/\//i, '').replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(host)) {
      problems.push(`namespace must be the fully qualified namespace, e.g. shop.servicebus.windows.net (got ${JSON.stringify(namespace)})`);
    }
    auth = { kind: 'namespace', namespace: host };
  } else problems.push('one of connectionString (e.g. "${EVENTHUBS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required');

  const checkpointStorage = reader.text('checkpointStorage');
  if (checkpointStorage !== undefined && !/(AccountName|BlobEndpoint|UseDevelopmentStorage)\s*=/i.test(checkpointStorage)) {
    problems.push('checkpointStorage must be an Azure Storage connection string (AccountName=...;AccountKey=... or BlobEndpoint=...; the value is not shown)');
  }
  const checkpointAccountUrl = parseAccountUrl(reader.text('checkpointAccountUrl'), problems);
  if (checkpointStorage !== undefined && checkpointAccountUrl !== undefined) {
    problems.push('give either checkpointStorage (a connection string) or checkpointAccountUrl (Azure credentials), not both');
  }
  if (clientId !== undefined && auth.kind !== 'namespace' && reader.raw.checkpointAccountUrl === undefined) {
    problems.push('clientId applies only with namespace or checkpointAccountUrl (Azure credentials), not with connection strings alone');
  }
  const checkpointContainer = reader.text('checkpointContainer') ?? settingDefaults.checkpointContainer;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(checkpointContainer)) {
    problems.push(`checkpointContainer must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens (got ${JSON.stringify(checkpointContainer)})`);
  }
  const settings: EventHubsSettings = {
    auth,
    checkpointStorage,
    checkpointAccountUrl,
    clientId,
    checkpointContainer,
    maxMessageBytes: int('maxMessageBytes', eventHubsCapabilities.maxMessageBytes, 1024, 20 * 1024 * 1024),
    readConsumerGroup: reader.text('readConsumerGroup') ?? settingDefaults.readConsumerGroup,
    loadBalancingIntervalMs: int('loadBalancingIntervalMs', settingDefaults.loadBalancingIntervalMs, 100, 600_000),
    ownershipExpiryMs: int('ownershipExpiryMs', settingDefaults.ownershipExpiryMs, 500, 3_600_000),
    processRetryMs: int('processRetryMs', settingDefaults.processRetryMs, 10, 600_000),
    checkpointIntervalMs: int('checkpointIntervalMs', settingDefaults.checkpointIntervalMs, 0, 600_000),
  };
  if (settings.ownershipExpiryMs < 2 * settings.loadBalancingIntervalMs) {
    problems.push(`ownershipExpiryMs (${settings.ownershipExpiryMs}) must be at least twice loadBalancingIntervalMs (${settings.loadBalancingIntervalMs}), or live members lose partitions between renewals`);
  }
  reader.finish(`azure-eventhubs broker '${options.name}'`);
  return settings;
}

/** The blob service endpoint, without a trailing slash; the container is the checkpointContainer setting. */
function parseAccountUrl(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // Bearer tokens are only sent over https, so a credential-based store needs it.
  if (url?.protocol !== 'https:' || url.search !== '' || url.hash !== '' || url.username !== '' || url.pathname.replace(/\/+$/, '') !== '') {
    problems.push(`checkpointAccountUrl must be the blob service URL, https://<account>.blob.core.windows.net, without a path; the container is checkpointContainer (got ${JSON.stringify(value)})`);
    return undefined;
  }
  return url.origin;
}
