/** The Azure Service Bus driver: queues, topics and peek-lock consumption via @azure/service-bus. */
import type { DriverOptions } from '../contract.js';
import '../azure/amqp-transport-tuning.js';
import { ServiceBusDriver } from './driver.js';

export { serviceBusCapabilities } from './capabilities.js';
export { ServiceBusDriver } from './driver.js';
export { parseServiceBusSettings, type ServiceBusSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createServiceBusDriver(options: DriverOptions): Promise<ServiceBusDriver> {
  return new ServiceBusDriver(options);
}
