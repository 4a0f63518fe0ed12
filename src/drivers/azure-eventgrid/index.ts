/** The Azure Event Grid driver: topic publish and namespace pull via @azure/eventgrid and @azure/eventgrid-namespaces. */
import type { DriverOptions } from '../contract.js';
import { EventGridDriver } from './driver.js';

export { eventGridCapabilities } from './capabilities.js';
export { EventGridDriver } from './driver.js';
export { parseEventGridSettings, type EventGridSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createEventGridDriver(options: DriverOptions): Promise<EventGridDriver> {
  return new EventGridDriver(options);
}
