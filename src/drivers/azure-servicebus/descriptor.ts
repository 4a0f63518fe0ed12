/**
 * The Azure Service Bus driver: queues, topics, sessions (ordering keys), request/reply over one
 * session-enabled reply queue, and peek-lock consumption, via @azure/service-bus. It
 * authenticates with a connection string or, with `namespace`, DefaultAzureCredential
 * (../azure/identity.ts). Settings: settings.ts; what it can do: capabilities.ts; how SDK
 * failures become OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { serviceBusCapabilities } from './capabilities.js';
import { checkServiceBusSettings, serviceBusSettingsSchema } from './settings.js';

export const serviceBusDriver: DriverDescriptor = {
  capabilities: serviceBusCapabilities,
  settingsSchema: serviceBusSettingsSchema,
  checkSettings: checkServiceBusSettings,
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createServiceBusDriver } = await import('./index.js');
    return createServiceBusDriver(options);
  },
};
