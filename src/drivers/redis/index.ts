/** The Redis Streams driver, built on node-redis. */
import type { DriverOptions } from '../contract.js';
import { RedisDriver } from './driver.js';
import { parseRedisSettings } from './settings.js';

export { redisCapabilities } from './capabilities.js';
export { RedisDriver } from './driver.js';
export { parseRedisSettings, type RedisSettings } from './settings.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createRedisDriver(options: DriverOptions): Promise<RedisDriver> {
  return new RedisDriver(options.name, parseRedisSettings(options));
}
