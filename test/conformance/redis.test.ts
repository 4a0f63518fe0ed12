/**
 * The conformance suite on the Redis Streams driver, against the Redis 7 running on this machine
 * (127.0.0.1:6379, or OUTRIGGER_TEST_REDIS). Each run works under a key prefix of its own and
 * deletes those keys afterwards; an unreachable Redis fails the run.
 */
import { deletePrefix, openDriver, plainClient, runPrefix } from '../drivers/redis/support.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

describeDriverConformance('redis (local Redis 7)', async () => {
  const admin = await plainClient();
  const prefix = runPrefix();
  return trackedTarget(
    async () => {
      const driver = await openDriver(prefix);
      return driver;
    },
    async () => {
      await deletePrefix(admin, prefix);
      await admin.close();
    },
  );
});
