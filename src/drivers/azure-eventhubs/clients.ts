/**
 * The SDK clients for the configured auth: connection strings (SAS, or the local emulator's), or a
 * namespace and/or checkpoint account URL with DefaultAzureCredential (../azure/identity.ts).
 */
import type { TokenCredential } from '@azure/identity';
import { EventHubConsumerClient, EventHubProducerClient, type CheckpointStore, type EventHubClientOptions, type EventHubConsumerClientOptions } from '@azure/event-hubs';
import { ContainerClient } from '@azure/storage-blob';
import type { EventHubsSettings } from './settings.js';

/** The scope Event Hubs tokens are issued for. */
export const EVENT_HUBS_SCOPE = 'https://eventhubs.azure.net/.default';
/** The scope Azure Storage tokens are issued for. */
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** How the Event Hubs clients authenticate. */
export type EventHubsConnection = { kind: 'connectionString'; connectionString: string } | { kind: 'credential'; namespace: string; credential: TokenCredential };

export function producerClient(connection: EventHubsConnection, hub: string, options: EventHubClientOptions): EventHubProducerClient {
  return connection.kind === 'connectionString'
    ? new EventHubProducerClient(connection.connectionString, hub, options)
    : new EventHubProducerClient(connection.namespace, hub, connection.credential, options);
}

export function consumerClient(connection: EventHubsConnection, group: string, hub: string, store: CheckpointStore | undefined, options: EventHubConsumerClientOptions): EventHubConsumerClient {
  if (connection.kind === 'connectionString') {
    return store === undefined
      ? new EventHubConsumerClient(group, connection.connectionString, hub, options)
      : new EventHubConsumerClient(group, connection.connectionString, hub, store, options);
  }
  return store === undefined
    ? new EventHubConsumerClient(group, connection.namespace, hub, connection.credential, options)
    : new EventHubConsumerClient(group, connection.namespace, hub, connection.credential, store, options);
}

/**
 * The checkpoint container: from the storage connection string, or from the account URL with the
 * credential; undefined when neither is configured (consumer groups are then refused).
 */
export function checkpointContainerClient(settings: EventHubsSettings, credential: TokenCredential | undefined): ContainerClient | undefined {
  if (settings.checkpointStorage !== undefined) return new ContainerClient(settings.checkpointStorage, settings.checkpointContainer);
  if (settings.checkpointAccountUrl === undefined) return undefined;
  if (credential === undefined) throw new Error('checkpointAccountUrl needs the Azure credential built at connect');
  return new ContainerClient(`${settings.checkpointAccountUrl}/${settings.checkpointContainer}`, credential);
}
