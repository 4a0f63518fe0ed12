/**
 * The RabbitMQ driver: queues (a durable quorum queue each, publisher confirms) and topics (a
 * topic exchange each, a durable queue per subscription), with leases kept by the driver, dead
 * letters in '<queue>.deadletter', via rabbitmq-client (AMQP 0-9-1; it recovers its connection
 * by itself and its publisher waits for confirms). Settings: settings.ts; what it can do:
 * capabilities.ts; how SDK failures become OutriggerErrors: errors.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { rabbitmqCapabilities } from './capabilities.js';
import { checkRabbitmqSettings, rabbitmqSettingsSchema } from './settings.js';

export const rabbitmqDriver: DriverDescriptor = {
  capabilities: rabbitmqCapabilities,
  settingsSchema: rabbitmqSettingsSchema,
  checkSettings: checkRabbitmqSettings,
  async create(options) {
    // The SDK is loaded only when a broker uses this driver.
    const { createRabbitmqDriver } = await import('./index.js');
    return createRabbitmqDriver(options);
  },
};
