/**
 * One QueueServiceClient per broker, one QueueClient per queue, and every SDK call made through
 * `call`, which turns failures into OutriggerErrors and keeps `connected` true to life: false
 * after the service could not be reached (or answered 5xx), true again after the next success.
 *
 * The SDK's own retry is off (maxTries 1): the broker's resilience policy in core retries,
 * honouring the Retry-After of a 503, so the two never multiply.
 */
import { QueueServiceClient, type QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { checkAzureCredential, defaultAzureCredential } from '../azure/identity.js';
import { isUnreachable } from '../azure/rest-errors.js';
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

export class StorageQueueClients {
  readonly broker: string;
  readonly service: QueueServiceClient;
  connected = true;
  /** 503 / 500 answers seen, for eventCounts. */
  busyAnswers = 0;
  readonly #queues = new Map<string, QueueClient>();

  constructor(broker: string, service: QueueServiceClient) {
    this.broker = broker;
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

  /** Runs one SDK call; failures come out as OutriggerErrors naming `action`. */
  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.connected = true;
      return result;
    } catch (err) {
      if (isUnreachable(err)) this.connected = false;
      const status = (err as { statusCode?: unknown } | null)?.statusCode;
      if (status === 503 || status === 500) this.busyAnswers++;
      throw toStorageQueueError(err, { broker: this.broker, action });
    }
  }
}
