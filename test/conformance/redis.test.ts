/**
 * The conformance suite on the Redis Streams driver, against the Redis 7 running on this machine
 * (127.0.0.1:6379, or OUTRIGGER_TEST_REDIS). Each run works under a key prefix of its own and
 * deletes those keys afterwards; an unreachable Redis fails the run.
 */
import type { Driver } from '../../src/drivers/contract.js';
import { deletePrefix, openDriver, plainClient, runPrefix } from '../drivers/redis/support.js';
import { describeDriverConformance } from './suite.js';

describeDriverConformance('redis (local Redis 7)', async () => {
  const admin = await plainClient();
  const prefix = runPrefix();
  const opened: Driver[] = [];
  const open = async (): Promise<Driver> => {
    const driver = await openDriver(prefix);
    opened.push(driver);
    return driver;
  };
  return {
    driver: await open(),
    reopen: open,
    cleanup: async () => {
      await Promise.all(opened.map((driver) => driver.close()));
      await deletePrefix(admin, prefix);
      await admin.close();
    },
  };
});
