/**
 * Every setting of the Event Hubs driver: its schema (which config validation and the editor
 * schema use), defaults and limits, written once, and the one parse that checks them. All
 * problems are reported together, each naming the setting, what it accepts and what it got.
 */
import { Type } from '../settings-schema.js';
import { namespaceSetting, readAzureAuth, storageServiceOrigin, type AzureAuth } from '../azure/auth-settings.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';
import { eventHubsCapabilities } from './capabilities.js';

/** With namespace: DefaultAzureCredential (workload identity); the clientId setting picks a user-assigned identity. */
export type EventHubsAuth = AzureAuth;

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

const settingDefaults = {
  checkpointContainer: 'outrigger-checkpoints',
  readConsumerGroup: '$Default',
  loadBalancingIntervalMs: 10_000,
  ownershipExpiryMs: 60_000,
  processRetryMs: 1000,
  checkpointIntervalMs: 0,
} as const;

const d = settingDefaults;

export const eventHubsSettingsSchema = Type.Object(
  {
    connectionString: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Namespace-level Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... without EntityPath (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution',
      }),
    ),
    namespace: namespaceSetting,
    clientId: Type.Optional(
      Type.String({ minLength: 1, description: 'With namespace or checkpointAccountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)' }),
    ),
    checkpointStorage: Type.Optional(
      Type.String({ minLength: 1, description: 'Azure Storage connection string of the blob checkpoint store; consumer groups (push subscriptions on streams) need it or checkpointAccountUrl' }),
    ),
    checkpointAccountUrl: Type.Optional(
      Type.String({ minLength: 1, description: 'https://<account>.blob.core.windows.net: the blob checkpoint store reached with DefaultAzureCredential (role Storage Blob Data Contributor) instead of checkpointStorage' }),
    ),
    checkpointContainer: Type.Optional(
      Type.String({ minLength: 3, maxLength: 63, description: `Blob container for checkpoints and partition ownership, created if missing (default ${d.checkpointContainer})` }),
    ),
    maxMessageBytes: Type.Optional(
      Type.Integer({ minimum: 1024, maximum: 20 * 1024 * 1024, description: `Largest event body (default ${eventHubsCapabilities.maxMessageBytes}, the standard tier; basic: 262144)` }),
    ),
    readConsumerGroup: Type.Optional(Type.String({ minLength: 1, description: `Consumer group used by stream reads (SSE, gRPC); default ${d.readConsumerGroup}` })),
    loadBalancingIntervalMs: Type.Optional(
      Type.Integer({ minimum: 100, maximum: 600_000, description: `How often a consumer re-balances partitions and renews its claims (default ${d.loadBalancingIntervalMs})` }),
    ),
    ownershipExpiryMs: Type.Optional(
      Type.Integer({ minimum: 500, maximum: 3_600_000, description: `A claim not renewed for this long may be taken by another replica (default ${d.ownershipExpiryMs}; at least twice loadBalancingIntervalMs)` }),
    ),
    processRetryMs: Type.Optional(
      Type.Integer({ minimum: 10, maximum: 600_000, description: `Pause before a failed batch is processed again (default ${d.processRetryMs})` }),
    ),
    checkpointIntervalMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        description: `At most one checkpoint write per partition per this many ms (default ${d.checkpointIntervalMs}: every finished batch is written at once); a restart may repeat up to this much more`,
      }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('azure-eventhubs', eventHubsSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseEventHubsSettings = settings.parse;
/** What parseEventHubsSettings would refuse, for config validation. */
export const checkEventHubsSettings = settings.check;

function read(reader: SettingsReader): EventHubsSettings {
  const int = reader.int.bind(reader);
  const auth = readAzureAuth(reader, 'EVENTHUBS_CONNECTION');
  if (auth.kind === 'connectionString' && /(^|;)\s*EntityPath\s*=/i.test(auth.connectionString)) {
    reader.problem('connectionString must be the namespace-level one, without EntityPath: each stream names its own event hub', 'connectionString');
  }
  const clientId = reader.text('clientId');
  const checkpointStorage = reader.text('checkpointStorage');
  if (checkpointStorage !== undefined && !/(AccountName|BlobEndpoint|UseDevelopmentStorage)\s*=/i.test(checkpointStorage)) {
    reader.problem('checkpointStorage must be an Azure Storage connection string (AccountName=...;AccountKey=... or BlobEndpoint=...; the value is not shown)', 'checkpointStorage');
  }
  const checkpointAccountUrl = parseAccountUrl(reader);
  if (checkpointStorage !== undefined && checkpointAccountUrl !== undefined) {
    reader.problem('give either checkpointStorage (a connection string) or checkpointAccountUrl (Azure credentials), not both');
  }
  if (clientId !== undefined && auth.kind !== 'namespace' && reader.raw.checkpointAccountUrl === undefined) {
    reader.problem('clientId applies only with namespace or checkpointAccountUrl (Azure credentials), not with connection strings alone');
  }
  const checkpointContainer = reader.text('checkpointContainer') ?? d.checkpointContainer;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(checkpointContainer)) {
    reader.problem(`checkpointContainer must be a blob container name: 3 to 63 lower-case letters, digits and single hyphens (got ${JSON.stringify(checkpointContainer)})`, 'checkpointContainer');
  }
  const settings: EventHubsSettings = {
    auth,
    checkpointStorage,
    checkpointAccountUrl,
    clientId,
    checkpointContainer,
    maxMessageBytes: int('maxMessageBytes', eventHubsCapabilities.maxMessageBytes),
    readConsumerGroup: reader.text('readConsumerGroup') ?? d.readConsumerGroup,
    loadBalancingIntervalMs: int('loadBalancingIntervalMs', d.loadBalancingIntervalMs),
    ownershipExpiryMs: int('ownershipExpiryMs', d.ownershipExpiryMs),
    processRetryMs: int('processRetryMs', d.processRetryMs),
    checkpointIntervalMs: int('checkpointIntervalMs', d.checkpointIntervalMs),
  };
  if (settings.ownershipExpiryMs < 2 * settings.loadBalancingIntervalMs) {
    reader.problem(
      `ownershipExpiryMs (${settings.ownershipExpiryMs}) must be at least twice loadBalancingIntervalMs (${settings.loadBalancingIntervalMs}), or live members lose partitions between renewals`,
    );
  }
  return settings;
}

/** The blob service endpoint, without a trailing slash; the container is the checkpointContainer setting. */
function parseAccountUrl(reader: SettingsReader): string | undefined {
  const value = reader.text('checkpointAccountUrl');
  if (value === undefined) return undefined;
  const origin = storageServiceOrigin(value);
  if (origin === undefined) {
    reader.problem(
      `checkpointAccountUrl must be the blob service URL, https://<account>.blob.core.windows.net, without a path; the container is checkpointContainer (got ${JSON.stringify(value)})`,
      'checkpointAccountUrl',
    );
  }
  return origin;
}
