/**
 * The NATS JetStream driver: queues (a work-queue stream each) and topics (an interest stream
 * each, a durable consumer per subscription), with leases, dead letters and duplicate
 * suppression, via @nats-io/transport-node and @nats-io/jetstream. Settings: settings.ts; what
 * it can do: capabilities.ts; how SDK failures become OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { natsCapabilities } from './capabilities.js';
import { checkNatsSettings, natsSettingsSchema } from './settings.js';

export const natsDriver: DriverDescriptor = {
  capabilities: natsCapabilities,
  settingsSchema: natsSettingsSchema,
  checkSettings: checkNatsSettings,
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createNatsDriver } = await import('./index.js');
    return createNatsDriver(options);
  },
};
