/**
 * The NATS JetStream driver: queues (a work-queue stream each, key partitions for ordering
 * keys), topics (a stream each, a durable consumer per subscription) and streams (a JetStream
 * stream per partition, consumer groups), with leases, dead letters and duplicate suppression,
 * via @nats-io/transport-node and @nats-io/jetstream. Names: names.ts; settings: settings.ts;
 * what it can do: capabilities.ts; how SDK failures become OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { natsCapabilities } from './capabilities.js';
import { entityNameProblem } from './names.js';
import { checkNatsSettings, natsSettingsSchema } from './settings.js';

export const natsDriver: DriverDescriptor = {
  capabilities: natsCapabilities,
  settingsSchema: natsSettingsSchema,
  checkSettings: checkNatsSettings,
  checkEntityName: (_kind, entity) => entityNameProblem(entity),
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createNatsDriver } = await import('./index.js');
    return createNatsDriver(options);
  },
};
