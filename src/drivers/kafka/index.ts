/** The Kafka driver, built on @platformatic/kafka. */
import type { DriverOptions } from '../contract.js';
import { KafkaDriver } from './driver.js';
import { parseKafkaSettings } from './settings.js';

export { kafkaCapabilities } from './capabilities.js';
export { KafkaDriver } from './driver.js';
export { parseKafkaSettings, type KafkaSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createKafkaDriver(options: DriverOptions): Promise<KafkaDriver> {
  return new KafkaDriver(options.name, parseKafkaSettings(options));
}
