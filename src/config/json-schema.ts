/**
 * The JSON Schema editors use for completion and inline errors (schema/outrigger.schema.json,
 * regenerated from here and checked by a test). Broker settings depend on the driver, so each
 * registered driver adds an if/then: once `driver:` is typed, its settings complete.
 */
import { driverRegistry } from '../drivers/registry.js';
import type { DriverTable } from './brokers.js';
import { configFileSchema } from './schema.js';

type JsonObject = Record<string, unknown>;

export const configSchemaId = 'https://outrigger.dev/schema/outrigger.schema.json';

export function configJsonSchema(registry: DriverTable = driverRegistry): JsonObject {
  // A JSON round trip drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
  const schema = plain(configFileSchema);
  const brokers = (schema['properties'] as Record<string, JsonObject>)['brokers']!;
  const patterns = brokers['patternProperties'] as Record<string, JsonObject>;
  for (const key of Object.keys(patterns)) patterns[key] = brokerJsonSchema(patterns[key]!, registry);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: configSchemaId,
    title: 'Outrigger configuration',
    ...schema,
    description: 'Configuration of the Outrigger messaging sidecar. ${VAR}, ${VAR:-default} and ${file:/path} are substituted in string values.',
  };
}

function brokerJsonSchema(base: JsonObject, registry: DriverTable): JsonObject {
  const drivers = Object.keys(registry).sort();
  const properties = base['properties'] as Record<string, JsonObject>;
  return {
    ...base,
    properties: { ...properties, driver: { ...properties['driver'], enum: drivers } },
    required: ['driver'],
    allOf: drivers.map((driver) => {
      const settings = plain(registry[driver]!.settingsSchema);
      return {
        if: { properties: { driver: { const: driver } }, required: ['driver'] },
        then: {
          ...settings,
          properties: { driver: { const: driver }, ...(settings['properties'] as JsonObject | undefined) },
          additionalProperties: false,
        },
      };
    }),
  };
}

function plain(schema: object): JsonObject {
  return JSON.parse(JSON.stringify(schema)) as JsonObject;
}
