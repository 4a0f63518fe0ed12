/**
 * Every driver the daemon knows, as data: what it can do and which settings it takes.
 * Config validation reads this table (to refuse what a broker cannot do, naming both) before any
 * driver is built; the daemon builds drivers from it afterwards.
 */
import { Type, type TObject } from '@sinclair/typebox';
import type { Capabilities, Driver, DriverOptions } from './contract.js';
import { eventHubsCapabilities } from './azure-eventhubs/capabilities.js';
import { serviceBusCapabilities } from './azure-servicebus/capabilities.js';
import { embeddedCapabilities } from './embedded/capabilities.js';

export interface DriverEntry {
  capabilities: Capabilities;
  /** JSON Schema of the broker's own settings (everything under brokers.<name> but `driver`). */
  settingsSchema: TObject;
  create(options: DriverOptions): Promise<Driver>;
}

export const driverRegistry: Record<string, DriverEntry> = {
  embedded: {
    capabilities: embeddedCapabilities,
    settingsSchema: Type.Object(
      {
        file: Type.Optional(Type.String({ minLength: 1, description: 'SQLite file; default <dataDir>/outrigger.db' })),
        durability: Type.Optional(
          Type.Union([Type.Literal('fsync'), Type.Literal('os')], {
            description: 'fsync: an acknowledged message survives power loss (default). os: survives a crash of the process, not of the machine.',
          }),
        ),
        maxMessageBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 })),
        busyTimeoutMs: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 600_000, description: 'How long a write waits for another process holding the file lock (default 5000)' }),
        ),
        groupHeartbeatMs: Type.Optional(
          Type.Integer({ minimum: 10, maximum: 60_000, description: 'Consumer-group heartbeat and partition-lease renewal interval (default 1000)' }),
        ),
        groupLeaseMs: Type.Optional(
          Type.Integer({
            minimum: 30,
            maximum: 600_000,
            description: 'How long a silent consumer-group member keeps its partitions (default 5000; at least twice groupHeartbeatMs)',
          }),
        ),
        sweepIntervalMs: Type.Optional(
          Type.Integer({ minimum: 10, maximum: 86_400_000, description: 'How often expired messages and events past retention are deleted (default 30000)' }),
        ),
        pollIntervalMs: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 10_000, description: "How often waiting long-polls check for other processes' writes (default 20)" }),
        ),
      },
      { additionalProperties: false },
    ),
    async create(options) {
      const { createEmbeddedDriver } = await import('./embedded/index.js');
      return createEmbeddedDriver(options);
    },
  },
  'azure-servicebus': {
    capabilities: serviceBusCapabilities,
    settingsSchema: Type.Object(
      {
        connectionString: Type.Optional(
          Type.String({ minLength: 1, description: 'Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution' }),
        ),
        namespace: Type.Optional(
          Type.String({ minLength: 1, description: '<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string' }),
        ),
        clientId: Type.Optional(
          Type.String({ minLength: 1, description: 'With namespace: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)' }),
        ),
        maxMessageBytes: Type.Optional(
          Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024, description: 'Largest message body (default 262144, the standard tier; premium allows more)' }),
        ),
        maxConcurrentSessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Sessions (ordering keys) held at once per session-enabled queue or subscription, each with one message in flight (default 8)' })),
        replyQueue: Type.Optional(
          Type.String({ minLength: 1, maxLength: 260, description: 'Session-enabled queue that carries every request/reply answer on the namespace, each caller reading its own session (default outrigger-replies)' }),
        ),
        lockRenewalMaxMs: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 86_400_000, description: 'A message (or session) lock is never renewed beyond this long after the message was received (default 300000)' }),
        ),
        maxReceiversPerInbox: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 64, description: 'Concurrent receive calls per queue or subscription, one reused receiver link each (default 8)' }),
        ),
        manageEntities: Type.Optional(
          Type.Boolean({ description: 'Create and update subscription rules to match the configured filters (replacing $Default); without it (default false) rules are only checked and a mismatch fails start' }),
        ),
        receiveStallMs: Type.Optional(
          Type.Integer({ minimum: 100, maximum: 600_000, description: 'A receive not returned this long after its wait ended is a stalled receiver link: aborted and replaced (default 10000)' }),
        ),
        serverBusyBackoffMs: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 600_000, description: 'After a ServerBusy answer, new sends and receives on the namespace fail fast with Retry-After for this long (default 10000)' }),
        ),
        expectedProcessingMs: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 3_600_000, description: 'Expected processing time per message; one receive locks at most lockDuration / expectedProcessingMs messages (default 1000)' }),
        ),
      },
      { additionalProperties: false },
    ),
    async create(options) {
      const { createServiceBusDriver } = await import('./azure-servicebus/index.js');
      return createServiceBusDriver(options);
    },
  },
  'azure-eventhubs': {
    capabilities: eventHubsCapabilities,
    settingsSchema: Type.Object(
      {
        connectionString: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'Namespace-level Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=... without EntityPath (UseDevelopmentEmulator=true for a local emulator); use ${ENV} substitution',
          }),
        ),
        namespace: Type.Optional(
          Type.String({ minLength: 1, description: '<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string' }),
        ),
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
          Type.String({ minLength: 3, maxLength: 63, description: 'Blob container for checkpoints and partition ownership, created if missing (default outrigger-checkpoints)' }),
        ),
        maxMessageBytes: Type.Optional(
          Type.Integer({ minimum: 1024, maximum: 20 * 1024 * 1024, description: 'Largest event body (default 1048576, the standard tier; basic: 262144)' }),
        ),
        readConsumerGroup: Type.Optional(Type.String({ minLength: 1, description: 'Consumer group used by stream reads (SSE, gRPC); default $Default' })),
        loadBalancingIntervalMs: Type.Optional(
          Type.Integer({ minimum: 100, maximum: 600_000, description: 'How often a consumer re-balances partitions and renews its claims (default 10000)' }),
        ),
        ownershipExpiryMs: Type.Optional(
          Type.Integer({ minimum: 500, maximum: 3_600_000, description: 'A claim not renewed for this long may be taken by another replica (default 60000; at least twice loadBalancingIntervalMs)' }),
        ),
        processRetryMs: Type.Optional(
          Type.Integer({ minimum: 10, maximum: 600_000, description: 'Pause before a failed batch is processed again (default 1000)' }),
        ),
        checkpointIntervalMs: Type.Optional(
          Type.Integer({
            minimum: 0,
            maximum: 600_000,
            description: 'At most one checkpoint write per partition per this many ms (default 0: every finished batch is written at once); a restart may repeat up to this much more',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    async create(options) {
      const { createEventHubsDriver } = await import('./azure-eventhubs/index.js');
      return createEventHubsDriver(options);
    },
  },
};
