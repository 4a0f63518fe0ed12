/**
 * The Azure Storage Queues driver: commands on Storage queues with visibility timeouts as leases,
 * poison queues (`<queue>-poison`, the Azure Functions convention) kept by the driver, and one
 * JSON envelope (CloudEvents structured mode) per message, via @azure/storage-queue. It
 * authenticates with a connection string or, with `accountUrl`, DefaultAzureCredential
 * (../azure/identity.ts). Settings: settings.ts; what it can do: capabilities.ts; queue names:
 * names.ts; how SDK failures become OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { storageQueueCapabilities } from './capabilities.js';
import { queueNameProblem } from './names.js';
import { checkStorageQueueSettings, storageQueueSettingsSchema } from './settings.js';

export const storageQueueDriver: DriverDescriptor = {
  capabilities: storageQueueCapabilities,
  settingsSchema: storageQueueSettingsSchema,
  checkSettings: checkStorageQueueSettings,
  checkEntityName: (kind, entity) => (kind === 'queue' ? queueNameProblem(entity) : undefined),
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createStorageQueueDriver } = await import('./index.js');
    return createStorageQueueDriver(options);
  },
};
