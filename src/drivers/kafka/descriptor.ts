/**
 * Apache Kafka 3.5+ and Event Hubs' Kafka endpoint: streams on topics, consumer groups as Kafka
 * consumer groups. Queues (share groups, KIP-932) are not offered: the client has no share-group
 * support, so config that puts a queue on a Kafka broker is refused (capabilities.ts says why).
 * Durability is Kafka's own with acks=all (docs/delivery-guarantees.md). Settings: settings.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { kafkaCapabilities } from './capabilities.js';
import { checkKafkaSettings, kafkaSettingsSchema } from './settings.js';

export const kafkaDriver: DriverDescriptor = {
  capabilities: kafkaCapabilities,
  settingsSchema: kafkaSettingsSchema,
  checkSettings: checkKafkaSettings,
  checkEntityName(kind, entity) {
    if (kind !== 'stream') return undefined;
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(entity) || entity === '.' || entity === '..') return "is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'";
    return undefined;
  },
  missingBecause: {
    queues: 'Kafka queues are share groups (KIP-932), and the Kafka client Outrigger uses (@platformatic/kafka) does not offer them yet',
  },
  async create(options) {
    const { createKafkaDriver } = await import('./index.js');
    return createKafkaDriver(options);
  },
};
