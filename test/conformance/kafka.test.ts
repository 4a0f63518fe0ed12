/**
 * The conformance suite on the Kafka driver, against a real Apache Kafka 4.4 (one KRaft node
 * started from the Maven Central jars, test/infra/kafka/broker.ts). Without Java or the jars the
 * suite is skipped, and the skip names the reason.
 */
import { describe, it } from 'vitest';
import { KafkaTestBroker, kafkaUnavailable } from '../infra/kafka/broker.js';
import { openDriver } from '../drivers/kafka/support.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

const unavailable = kafkaUnavailable();
if (unavailable === undefined) {
  describeDriverConformance('kafka (Apache Kafka 4.4, KRaft)', async () => {
    const broker = await KafkaTestBroker.start();
    return trackedTarget(
      () => openDriver(broker.bootstrap),
      () => broker.close(),
    );
  });
} else {
  describe('kafka (Apache Kafka 4.4, KRaft)', () => {
    it.skip(`skipped: ${unavailable}`, () => undefined);
  });
}
