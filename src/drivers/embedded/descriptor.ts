/**
 * The embedded broker: queues, topics and streams in one SQLite file (node:sqlite), for
 * development and single-pod deployments. Several processes may share the file; each polls it
 * for the others' writes. Settings: settings.ts; what it can do: capabilities.ts.
 */
import type { DriverDescriptor } from '../descriptor.js';
import { embeddedCapabilities } from './capabilities.js';
import { checkEmbeddedSettings, embeddedSettingsSchema } from './settings.js';

export const embeddedDriver: DriverDescriptor = {
  capabilities: embeddedCapabilities,
  settingsSchema: embeddedSettingsSchema,
  checkSettings: checkEmbeddedSettings,
  async create(options) {
    const { createEmbeddedDriver } = await import('./index.js');
    return createEmbeddedDriver(options);
  },
};
