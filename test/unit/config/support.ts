/** Helpers for the config tests: temporary config files and a registry of limited drivers. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { DriverTable } from '../../../src/config/brokers.js';
import { ConfigError, type ConfigProblem } from '../../../src/config/errors.js';
import type { Capabilities } from '../../../src/drivers/contract.js';
import { tempDir } from '../../infra/helpers/temp-dir.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../../infra/fixtures/config/${name}`, import.meta.url));

/** Writes `text` as a config file in a fresh temporary directory (removed when the test file ends) and returns its path. */
export function writeConfig(text: string, fileName = 'outrigger.yaml'): string {
  const dir = tempDir('config');
  const path = join(dir, fileName);
  writeFileSync(path, text);
  return path;
}

/** The problems a failing call reports; fails the test if it does not throw ConfigError. */
export function problemsOf(load: () => unknown): readonly ConfigProblem[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

const nothing: Capabilities = {
  queues: false,
  topics: false,
  streams: false,
  orderingKeys: false,
  scheduledDelivery: false,
  ttl: false,
  nativeDeadLetter: false,
  duplicateDetection: false,
  subscriptionFilters: false,
  consumerGroups: false,
  streamSeekByTime: false,
  requestReply: false,
  maxMessageBytes: 256 * 1024,
};

function driver(capabilities: Partial<Capabilities>): DriverTable[string] {
  return {
    capabilities: { ...nothing, ...capabilities },
    settingsSchema: Type.Object({ url: Type.Optional(Type.String()) }, { additionalProperties: false }),
    checkSettings: () => [],
    create: () => Promise.reject(new Error('test drivers are never built')),
  };
}

/** Drivers that can do little, to exercise the capability checks. */
export const limitedRegistry: DriverTable = {
  embedded: driver({ queues: true, topics: true, streams: true, orderingKeys: true, ttl: true, duplicateDetection: true, subscriptionFilters: true, consumerGroups: true, streamSeekByTime: true }),
  'plain-queue': driver({ queues: true }),
  'plain-topic': driver({ topics: true }),
  'plain-log': driver({ streams: true }),
  'grouped-log': driver({ streams: true, consumerGroups: true }),
};
