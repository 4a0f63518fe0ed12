/**
 * Shared by the Kafka tests: the driver on a test broker, with quick group timings so that
 * rebalances and takeovers finish within a test's timeout.
 */
import { createKafkaDriver, type KafkaDriver } from '../../../src/drivers/kafka/index.js';

export const quickGroups = { sessionTimeoutMs: 3000, heartbeatIntervalMs: 300, processRetryMs: 100 };

export async function openDriver(bootstrap: string, settings: Record<string, unknown> = {}, name = 'kafka-test'): Promise<KafkaDriver> {
  const driver = await createKafkaDriver({ name, settings: { bootstrapServers: bootstrap, ...quickGroups, ...settings }, dataDir: '.' });
  await driver.connect();
  return driver;
}
