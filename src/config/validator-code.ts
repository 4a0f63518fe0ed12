/**
 * The config validators as code: Ajv's standalone output for the config file's schema and, one
 * module each, every registered driver's settings schema, so that a start-up (and `outrigger
 * validate`) compiles no schema, loads neither Ajv nor TypeBox, and loads the settings validators
 * of the drivers its config names only. `npm run schema` writes them under
 * src/config/generated/; a unit test fails when the committed files and the schemas disagree.
 * Only that script and the test load this module.
 */
import { Ajv, _ } from 'ajv';
import * as standalone from 'ajv/dist/standalone/index.js';
import { driverRegistry } from '../drivers/registry.js';
import type { DriverTable } from './brokers.js';
import { configFileSchema } from './schema.js';
import { ajvOptions, schemaFormats } from './schema-formats.js';

export const generatedConfigValidatorPath = 'src/config/generated/config-validator.ts';
/** One `<driver>.ts` per driver, found by name (schema-problems.ts). */
export const generatedSettingsDir = 'src/config/generated/settings';

/** Every generated validator module: its path from the repository root, and its text. */
export function validatorModules(registry: DriverTable = driverRegistry): Array<[string, string]> {
  const drivers = Object.keys(registry).sort();
  return [
    [generatedConfigValidatorPath, configModule()],
    ...drivers.map((driver): [string, string] => [`${generatedSettingsDir}/${driver}.ts`, settingsModule(registry[driver]!.settingsSchema)]),
  ];
}

function configModule(): string {
  return [
    ...header('src/config/schema.ts', '..'),
    standaloneCode(configFileSchema, 'config'),
    '',
    "/** The config file's validator. */",
    'export const configValidator: ValidateFunction = config;',
    '',
  ].join('\n');
}

function settingsModule(schema: object): string {
  return [
    ...header("the driver's settings schema", '../..'),
    standaloneCode(schema, 'settings'),
    '',
    '/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */',
    `export const generatedFrom = ${JSON.stringify(JSON.stringify(schema))};`,
    '',
    "/** The driver's settings validator. */",
    'export const settingsValidator: ValidateFunction = settings;',
    '',
  ].join('\n');
}

function header(from: string, configDir: string): string[] {
  return [
    '/* eslint-disable */',
    '// @ts-nocheck',
    `// Written by \`npm run schema\` (src/config/validator-code.ts) from ${from}: Ajv's standalone`,
    '// code, so that start-up compiles nothing. Do not edit.',
    "import { createRequire } from 'node:module';",
    "import type { ValidateFunction } from 'ajv';",
    `import { schemaFormats as formats } from '${configDir}/schema-formats.js';`,
    // The code takes Ajv's small runtime helpers (string length in code points) with require().
    'const require = createRequire(import.meta.url);',
  ];
}

/** Ajv's standalone code for `schema`, exported as `name`. */
function standaloneCode(schema: object, name: string): string {
  // `formats` is the generated module's import of schemaFormats: the code calls the same functions.
  const ajv = new Ajv({ ...ajvOptions, code: { source: true, esm: true, lines: true, formats: _`formats` } });
  for (const [format, check] of Object.entries(schemaFormats)) ajv.addFormat(format, check);
  ajv.addSchema(schema, name);
  return standalone.default.default(ajv, { [name]: name }).replace(/^"use strict";/, '');
}
