/** The NATS JetStream driver: queues, topics and streams on JetStream via @nats-io/transport-node and @nats-io/jetstream. */
import type { DriverOptions } from '../contract.js';
import { NatsDriver } from './driver.js';

export { natsCapabilities } from './capabilities.js';
export { NatsDriver } from './driver.js';
export { parseNatsSettings, type NatsSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createNatsDriver(options: DriverOptions): Promise<NatsDriver> {
  return new NatsDriver(options);
}
