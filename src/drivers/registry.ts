/**
 * Every driver the daemon knows, by the name config gives in `driver:`. Each folder's descriptor
 * carries what config validation needs (capabilities, settings schema and checks) without
 * loading the broker's SDK; the SDK is loaded when a broker using the driver is built.
 */
import { eventGridDriver } from './azure-eventgrid/descriptor.js';
import { eventHubsDriver } from './azure-eventhubs/descriptor.js';
import { serviceBusDriver } from './azure-servicebus/descriptor.js';
import { storageQueueDriver } from './azure-storage-queue/descriptor.js';
import type { DriverDescriptor } from './descriptor.js';
import { embeddedDriver } from './embedded/descriptor.js';
import { kafkaDriver } from './kafka/descriptor.js';
import { natsDriver } from './nats/descriptor.js';
import { rabbitmqDriver } from './rabbitmq/descriptor.js';
import { redisDriver } from './redis/descriptor.js';

export const driverRegistry: Readonly<Record<string, DriverDescriptor>> = {
  embedded: embeddedDriver,
  'azure-servicebus': serviceBusDriver,
  'azure-eventhubs': eventHubsDriver,
  'azure-storage-queue': storageQueueDriver,
  'azure-eventgrid': eventGridDriver,
  nats: natsDriver,
  rabbitmq: rabbitmqDriver,
  redis: redisDriver,
  kafka: kafkaDriver,
};
