/**
 * The Azure Event Hubs driver: partitioned streams, and consumer groups load-balanced over a blob
 * checkpoint store, via @azure/event-hubs. It authenticates with connection strings or, with
 * `namespace` / `checkpointAccountUrl`, DefaultAzureCredential (../azure/identity.ts).
 * Settings: settings.ts; what it can do: capabilities.ts; how SDK failures become
 * OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { eventHubsCapabilities } from './capabilities.js';
import { checkEventHubsSettings, eventHubsSettingsSchema } from './settings.js';

export const eventHubsDriver: DriverDescriptor = {
  capabilities: eventHubsCapabilities,
  settingsSchema: eventHubsSettingsSchema,
  checkSettings: checkEventHubsSettings,
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createEventHubsDriver } = await import('./index.js');
    return createEventHubsDriver(options);
  },
};
