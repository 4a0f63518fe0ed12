/**
 * The RabbitMQ driver: queues (a durable quorum queue each, publisher confirms) and topics (a
 * topic exchange each, a durable queue per subscription), read by a consumer with prefetch per
 * inbox, with leases kept by the driver, dead letters in '<queue>.deadletter', delays through TTL
 * queues, per-key order through single-active-consumer key-hash queues, a reply queue per
 * sidecar and streams on stream queues (streams.ts), via rabbitmq-client (AMQP 0-9-1; maintained,
 * no native code, publisher confirms, reconnects by itself). Settings: settings.ts; what it can
 * do: capabilities.ts; how SDK failures become OutriggerErrors: errors.ts.
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
