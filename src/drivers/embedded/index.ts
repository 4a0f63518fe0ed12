/** The embedded broker driver: everything in one SQLite file via node:sqlite. */
import type { DriverOptions } from '../contract.js';
import { EmbeddedDriver } from './driver.js';

export { embeddedCapabilities } from './capabilities.js';
export { EmbeddedDriver, type EmbeddedStats } from './driver.js';
export { parseEmbeddedSettings, type EmbeddedSettings } from './settings.js';
export type { SweepResult } from './sweeper.js';

/** Builds the driver; nothing is opened until connect(). Throws `bad_request` listing every invalid setting. */
export async function createEmbeddedDriver(options: DriverOptions): Promise<EmbeddedDriver> {
  return new EmbeddedDriver(options);
}
