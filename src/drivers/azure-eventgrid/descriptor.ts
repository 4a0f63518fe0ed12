/**
 * The Azure Event Grid driver: publish to custom topics and domains (EventGridPublisherClient of
 * @azure/eventgrid, CloudEvents 1.0 or the Event Grid schema) and publish to and pull from
 * namespace topics (EventGridSenderClient / EventGridReceiverClient of
 * @azure/eventgrid-namespaces, lock tokens as leases). Authenticates with the access key, a SAS
 * token or DefaultAzureCredential (../azure/identity.ts). Settings: settings.ts; what it can do:
 * capabilities.ts; the two schemas: codec.ts; SDK failures: errors.ts. Pushes from Event Grid to
 * the pod are the webhook listener's (src/api/webhook/), not the driver's.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { eventGridCapabilities } from './capabilities.js';
import { checkEventGridSettings, eventGridSettingsSchema, subscriptionProblem } from './settings.js';

export const eventGridDriver: DriverDescriptor = {
  capabilities: eventGridCapabilities,
  settingsSchema: eventGridSettingsSchema,
  checkSettings: checkEventGridSettings,
  subscriptionProblem,
  async create(options) {
    // The SDKs are loaded only when a broker uses this driver.
    const { createEventGridDriver } = await import('./index.js');
    return createEventGridDriver(options);
  },
};
