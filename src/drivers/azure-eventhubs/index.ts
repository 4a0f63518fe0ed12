/** The Azure Event Hubs driver: partitioned streams and consumer groups via @azure/event-hubs. */
import type { DriverOptions } from '../contract.js';
import '../azure/amqp-transport-tuning.js';
import { EventHubsDriver } from './driver.js';

export { eventHubsCapabilities } from './capabilities.js';
export { EventHubsDriver } from './driver.js';
export { parseEventHubsSettings, type EventHubsSettings } from './settings.js';

/** Builds the driver; nothing is opened until the first stream operation. Throws `bad_request` listing every invalid setting. */
export async function createEventHubsDriver(options: DriverOptions): Promise<EventHubsDriver> {
  return new EventHubsDriver(options);
}
