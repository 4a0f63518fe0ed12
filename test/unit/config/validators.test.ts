/**
 * The validators start-up runs are generated code (src/config/generated/, written by `npm run
 * schema`); these show it is current and judges exactly as Ajv compiling the schemas at run time
 * did, coercions included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configValidator } from '../../../src/config/generated/config-validator.js';
import { configFileSchema } from '../../../src/config/schema.js';
import { ajvOptions, schemaFormats } from '../../../src/config/schema-formats.js';
import { generatedSettingsDir, validatorModules } from '../../../src/config/validator-code.js';
import { driverRegistry } from '../../../src/drivers/registry.js';
import { fixture } from './support.js';

const ajv = new Ajv(ajvOptions);
for (const [name, format] of Object.entries(schemaFormats)) ajv.addFormat(name, format);

/** Both verdicts on copies of `doc`: validity, the errors as JSON, and the document after coercion. */
function judge(validate: ValidateFunction, doc: unknown): unknown {
  const copy = structuredClone(doc);
  const valid = validate(copy);
  return JSON.parse(JSON.stringify({ valid, errors: validate.errors ?? null, coerced: copy }));
}

const example = parse(readFileSync(fixture('example.yaml'), 'utf8')) as Record<string, unknown>;
const configDocuments: unknown[] = [
  example,
  parse(readFileSync(fixture('five-mistakes.yaml'), 'utf8')),
  { app: { id: 'bad id!', url: 'ftp://x' }, server: { httpAddr: 'nowhere', maxBodySize: '12 parsecs' }, shutdown: { gracePeriod: '99999999999999999999d' } },
  { queues: { 'no spaces': {}, ok: { maxDeliveries: '7' } }, subscriptions: [{ name: 's', from: { queue: 'ok', group: 'g' }, deliver: 'events' }], logging: { level: 'loud' } },
  { topics: { t: { retention: '5x' } }, streams: { s: { partitions: '4', startAt: 'yesterday' } }, unknownSection: true },
];

describe('config - generated validators', () => {
  it('config - src/config/generated/ is what the schemas generate, one settings module per driver', () => {
    const modules = validatorModules();
    for (const [path, text] of modules) {
      const committed = readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
      expect(committed === text, `${path} is out of date: run npm run schema and commit it`).toBe(true);
    }
    const drivers = readdirSync(new URL(`../../../${generatedSettingsDir}`, import.meta.url)).sort();
    expect(drivers, `${generatedSettingsDir} holds a module per registered driver and nothing else`).toEqual(Object.keys(driverRegistry).map((driver) => `${driver}.ts`).sort());
  });

  it('config - the config validator judges and coerces as Ajv compiling the schema does', () => {
    const compiled = ajv.compile(configFileSchema);
    for (const doc of configDocuments) expect(judge(configValidator, doc)).toEqual(judge(compiled, doc));
    expect(configValidator(structuredClone(example))).toBe(true);
    expect(configValidator(structuredClone(configDocuments[2]))).toBe(false);
  });

  it("config - every driver's settings have a generated validator, made from their schema, that judges as Ajv does", async () => {
    const settings: unknown[] = [{}, { maxMessageBytes: '2048' }, { maxMessageBytes: 1 }, { durability: 'fast', nonsense: 1 }, { connectionString: '', bootstrapServers: [] }];
    for (const [driver, entry] of Object.entries(driverRegistry)) {
      const generated = (await import(/* @vite-ignore */ new URL(`../../../${generatedSettingsDir}/${driver}.ts`, import.meta.url).href)) as { generatedFrom: string; settingsValidator: ValidateFunction };
      expect(generated.generatedFrom, driver).toBe(JSON.stringify(entry.settingsSchema));
      const compiled = ajv.compile(entry.settingsSchema);
      for (const doc of settings) expect(judge(generated.settingsValidator, doc), driver).toEqual(judge(compiled, doc));
    }
  });
});
