/**
 * One QueueServiceClient per broker, one QueueClient per queue, and every SDK call made through
 * `call` (../azure/rest-call.ts), which counts 503 and 500 answers as the service being busy.
 *
 * The SDK's own retry is off (maxTries 1): the broker's resilience policy in core retries,
 * honouring the Retry-After of a 503, so the two never multiply.
 */
import { QueueServiceClient, type QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { checkAzureCredential, defaultAzureCredential } from '../azure/identity.js';
import { RestCalls } from '../azure/rest-call.js';
import { toStorageQueueError } from './errors.js';
import type { StorageQueueAuth } from './settings.js';

const pipelineOptions: StoragePipelineOptions = { retryOptions: { maxTries: 1, tryTimeoutInMs: 30_000 } };

export async function buildServiceClient(auth: StorageQueueAuth, broker: string, signal?: AbortSignal): Promise<QueueServiceClient> {
  if (auth.kind === 'connectionString') return QueueServiceClient.fromConnectionString(auth.connectionString, pipelineOptions);
  const credential = await defaultAzureCredential(auth.clientId);
  // One token now, so a pod without an identity fails at start saying what to set.
  await checkAzureCredential(
    credential,
    {
      driver: 'azure-storage-queue',
      broker,
      target: `storage account '${auth.accountUrl}'`,
      scope: 'https://storage.azure.com/.default',
      roles: 'the role Storage Queue Data Contributor on the account or its queues',
    },
    signal,
  );
  return new QueueServiceClient(auth.accountUrl, credential, pipelineOptions);
}

export class StorageQueueClients extends RestCalls {
  readonly service: QueueServiceClient;
  readonly #queues = new Map<string, QueueClient>();

  constructor(broker: string, service: QueueServiceClient) {
    super(broker, { busyStatuses: [503, 500], toError: toStorageQueueError });
    this.service = service;
  }

  queue(name: string): QueueClient {
    let client = this.#queues.get(name);
    if (client === undefined) {
      client = this.service.getQueueClient(name);
      this.#queues.set(name, client);
    }
    return client;
  }
}
