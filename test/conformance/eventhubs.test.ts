/**
 * The conformance suite on the Event Hubs driver: the real @azure/event-hubs SDK against the
 * project's Event Hubs test broker, checkpoints and ownership in Azurite blob storage; and against
 * live Azure when OUTRIGGER_TEST_EVENTHUBS (namespace connection string) and
 * OUTRIGGER_TEST_STORAGE (storage connection string) are set.
 *
 * Event Hubs creates hubs only through Azure Resource Manager, so on the test broker the target
 * creates the hub (with the partition count asked for) when the suite calls ensureStream, as an
 * operator would before starting Outrigger. Live, the suite's hubs must exist already.
 */
import { describe, it } from 'vitest';
import { createEventHubsDriver } from '../../src/drivers/azure-eventhubs/index.js';
import { EventHubsTestBroker } from '../infra/eventhubs-broker/broker.js';
import { startAzuriteBlob } from '../infra/helpers/azurite.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

/** Quick re-balancing, so that the split and takeover cases finish within their timeouts. */
const quickBalancing = { loadBalancingIntervalMs: 300, ownershipExpiryMs: 3000, processRetryMs: 100 };

async function target(connectionString: string, checkpointStorage: string, provision: (stream: string, partitions: number) => void, stop: () => Promise<void>) {
  return trackedTarget(
    async () => {
      const driver = await createEventHubsDriver({ name: 'conformance', settings: { connectionString, checkpointStorage, ...quickBalancing }, dataDir: '.' });
      await driver.connect();
      const { streams } = driver;
      const ensureStream = streams.ensureStream.bind(streams);
      streams.ensureStream = async (stream, settings) => {
        provision(stream, settings.partitions);
        return ensureStream(stream, settings);
      };
      return driver;
    },
    stop,
  );
}

describeDriverConformance('azure-eventhubs (test broker + Azurite)', async () => {
  const broker = await EventHubsTestBroker.start({});
  const azurite = await startAzuriteBlob();
  return target(
    broker.connectionString,
    azurite.connectionString,
    (stream, partitions) => void broker.createHub(stream, partitions),
    async () => {
      await broker.stop();
      await azurite.stop();
    },
  );
});

const live = process.env.OUTRIGGER_TEST_EVENTHUBS;
const liveStorage = process.env.OUTRIGGER_TEST_STORAGE;
if (live !== undefined && live !== '' && liveStorage !== undefined && liveStorage !== '') {
  // Live Azure: the hubs the suite names must exist (or be created by whoever runs it).
  describeDriverConformance('azure-eventhubs (live Azure)', () => target(live, liveStorage, () => undefined, async () => undefined));
} else {
  describe('azure-eventhubs (live Azure)', () => {
    it.skip('skipped: set OUTRIGGER_TEST_EVENTHUBS (Event Hubs namespace connection string) and OUTRIGGER_TEST_STORAGE (storage connection string) to run the conformance suite against live Azure', () => undefined);
  });
}
