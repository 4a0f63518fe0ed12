/** The RabbitMQ driver: queues, topics and replies over AMQP 0-9-1 via rabbitmq-client. */
import type { DriverOptions } from '../contract.js';
import { RabbitmqDriver } from './driver.js';

export { rabbitmqCapabilities } from './capabilities.js';
export { RabbitmqDriver } from './driver.js';
export { parseRabbitmqSettings, type RabbitmqSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createRabbitmqDriver(options: DriverOptions): Promise<RabbitmqDriver> {
  return new RabbitmqDriver(options);
}
