/**
 * The conformance suite on the Storage Queues driver: the real @azure/storage-queue SDK against
 * Azurite's queue service (started here, in memory, on a free port), and against live Azure when
 * OUTRIGGER_TEST_STORAGE_QUEUE holds a connection string. Queues are created by the driver.
 * Dead letters are the `<queue>-poison` queues the driver writes (nativeDeadLetter: kept on the
 * service, moved by the driver); their service-specific cases are in
 * test/drivers/storage-queue/poison.test.ts.
 */
import { describe, it } from 'vitest';
import { createStorageQueueDriver } from '../../src/drivers/azure-storage-queue/index.js';
import { startAzuriteQueue } from '../infra/helpers/azurite.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

async function target(connectionString: string, stop: () => Promise<void>) {
  return trackedTarget(
    async () => {
      // A short poll ceiling keeps the long-poll cases quick; the default (1 s) would pass as well.
      const driver = await createStorageQueueDriver({ name: 'conformance', settings: { connectionString, pollMaxMs: 200 }, dataDir: '.' });
      await driver.connect();
      return driver;
    },
    stop,
  );
}

describeDriverConformance('azure-storage-queue (Azurite)', async () => {
  const azurite = await startAzuriteQueue();
  return target(azurite.connectionString, () => azurite.stop());
});

const live = process.env.OUTRIGGER_TEST_STORAGE_QUEUE;
if (live !== undefined && live !== '') {
  // Live Azure: the driver creates the suite's queues (uniquely named per run) and leaves them.
  describeDriverConformance('azure-storage-queue (live Azure)', () => target(live, async () => undefined));
} else {
  describe('azure-storage-queue (live Azure)', () => {
    it.skip('skipped: set OUTRIGGER_TEST_STORAGE_QUEUE to an Azure Storage connection string (Storage Queue Data Contributor rights) to run the conformance suite against live Azure', () => undefined);
  });
}
