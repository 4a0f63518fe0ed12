/**
 * The Redis Streams broker (Redis 6.2+; the default broker of Dapr's local setup): a queue is a
 * stream read through one consumer group, leases live beside the pending entries list, dead
 * letters go to `<stream>.deadletter`. Durability is Redis's own (docs/delivery-guarantees.md).
 * Settings: settings.ts; what it can do: capabilities.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { redisCapabilities } from './capabilities.js';
import { checkRedisSettings, redisSettingsSchema } from './settings.js';

export const redisDriver: DriverDescriptor = {
  capabilities: redisCapabilities,
  settingsSchema: redisSettingsSchema,
  checkSettings: checkRedisSettings,
  async create(options) {
    const { createRedisDriver } = await import('./index.js');
    return createRedisDriver(options);
  },
};
