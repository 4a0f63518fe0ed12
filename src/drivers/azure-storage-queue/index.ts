/** The Azure Storage Queues driver: commands with visibility leases and poison queues via @azure/storage-queue. */
import type { DriverOptions } from '../contract.js';
import { StorageQueueDriver } from './driver.js';

export { storageQueueCapabilities } from './capabilities.js';
export { StorageQueueDriver } from './driver.js';
export { parseStorageQueueSettings, type StorageQueueSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createStorageQueueDriver(options: DriverOptions): Promise<StorageQueueDriver> {
  return new StorageQueueDriver(options);
}
