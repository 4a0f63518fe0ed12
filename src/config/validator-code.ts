/**
 * The config validators as code: Ajv's standalone output for the config file's schema and every
 * registered driver's settings schema, so that a start-up (and `outrigger validate`) compiles no
 * schema and loads neither Ajv nor TypeBox. `npm run schema` writes it to
 * src/config/generated/validators.ts; a unit test fails when the committed file and the schemas
 * disagree. Only that script and the test load this module.
 */
import { Ajv, _ } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import { driverRegistry } from '../drivers/registry.js';
import type { DriverTable } from './brokers.js';
import { configFileSchema } from './schema.js';
import { ajvOptions, schemaFormats } from './schema-formats.js';

export const generatedValidatorsPath = 'src/config/generated/validators.ts';

export function validatorModuleCode(registry: DriverTable = driverRegistry): string {
  // `formats` is the generated module's import of schemaFormats: the code calls the same functions.
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true, lines: true, formats: _`formats` } });
  for (const [name, format] of Object.entries(schemaFormats)) ajv.addFormat(name, format);
  const drivers = Object.keys(registry).sort();
  const exportName = (driver: string): string => `settings_${driver.replace(/[^A-Za-z0-9]/g, '_')}`;
  ajv.addSchema(configFileSchema, 'config');
  for (const driver of drivers) ajv.addSchema(registry[driver]!.settingsSchema, `driver:${driver}`);
  const refs: Record<string, string> = { config: 'config' };
  for (const driver of drivers) refs[exportName(driver)] = `driver:${driver}`;
  const code = standalone.default.default(ajv, refs);
  return [
    '/* eslint-disable */',
    '// @ts-nocheck',
    '// Written by `npm run schema` (src/config/validator-code.ts) from src/config/schema.ts and the',
    "// drivers' settings schemas: Ajv's standalone code, so that start-up compiles nothing. Do not edit.",
    "import { createRequire } from 'node:module';",
    "import type { ValidateFunction } from 'ajv';",
    "import { schemaFormats as formats } from '../schema-formats.js';",
    // The code takes Ajv's small runtime helpers (string length in code points) with require().
    'const require = createRequire(import.meta.url);',
    code.replace(/^"use strict";/, ''),
    '',
    '/** The config file\'s validator. */',
    'export const configValidator: ValidateFunction = config;',
    '',
    "/** Each driver's settings validator, by the JSON of the schema it was generated from: used only for that very schema. */",
    'export const settingsValidators: ReadonlyMap<string, ValidateFunction> = new Map([',
    ...drivers.map((driver) => `  [${JSON.stringify(JSON.stringify(registry[driver]!.settingsSchema))}, ${exportName(driver)}],`),
    ']);',
    '',
  ].join('\n');
}
