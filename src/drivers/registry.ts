/**
 * Every driver the daemon knows, as data: what it can do and which settings it takes.
 * Config validation reads this table (to refuse what a broker cannot do, naming both) before any
 * driver is built; the daemon builds drivers from it afterwards.
 */
import { Type, type TObject } from '@sinclair/typebox';
import type { Capabilities, Driver, DriverOptions } from './contract.js';
import { embeddedCapabilities } from './embedded/capabilities.js';

export interface DriverEntry {
  capabilities: Capabilities;
  /** JSON Schema of the broker's own settings (everything under brokers.<name> but `driver`). */
  settingsSchema: TObject;
  create(options: DriverOptions): Promise<Driver>;
}

export const driverRegistry: Record<string, DriverEntry> = {
  embedded: {
    capabilities: embeddedCapabilities,
    settingsSchema: Type.Object(
      {
        file: Type.Optional(Type.String({ minLength: 1, description: 'SQLite file; default <dataDir>/outrigger.db' })),
        durability: Type.Optional(
          Type.Union([Type.Literal('fsync'), Type.Literal('os')], {
            description: 'fsync: an acknowledged message survives power loss (default). os: survives a crash of the process, not of the machine.',
          }),
        ),
        maxMessageBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024 })),
      },
      { additionalProperties: false },
    ),
    async create(options) {
      const { createEmbeddedDriver } = await import('./embedded/index.js');
      return createEmbeddedDriver(options);
    },
  },
};

export function knownDrivers(): string[] {
  return Object.keys(driverRegistry).sort();
}
