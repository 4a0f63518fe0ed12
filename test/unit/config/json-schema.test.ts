import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../src/config/json-schema.js';
import { fixture } from './support.js';

const committedPath = fileURLToPath(new URL('../../../schema/outrigger.schema.json', import.meta.url));

describe('JSON Schema for editors', () => {
  it('config - schema/outrigger.schema.json is up to date', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8')) as unknown;
    expect(committed, 'schema/outrigger.schema.json is out of date: run `npm run schema` and commit the result').toEqual(configJsonSchema());
  });

  // Editors treat `duration` and `size` as annotations; so does this validator.
  const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, formats: { duration: true, size: true } }).compile(configJsonSchema());
  const example = parse(readFileSync(fixture('example.yaml'), 'utf8')) as Record<string, unknown>;

  it('config - accepts the example configuration', () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('config - checks broker settings by driver, through if/then', () => {
    const brokers = { local: { driver: 'embedded', durabilty: 'fsync' } };
    expect(validate({ ...example, brokers })).toBe(false);
    expect(validate.errors?.some((error) => error.keyword === 'additionalProperties' && error.instancePath === '/brokers/local')).toBe(true);
  });

  it('config - offers the known drivers for completion', () => {
    const schema = configJsonSchema() as { properties: { brokers: { patternProperties: Record<string, { properties: { driver: { enum: string[] } } }> } } };
    const broker = Object.values(schema.properties.brokers.patternProperties)[0]!;
    expect(broker.properties.driver.enum).toContain('embedded');
  });

  it('config - describes every property of ours, so editors can show help', () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, path: string): void => {
      // `then` holds the drivers' own settings schemas (the registry's); `if` is a condition, not a field.
      if (node === null || typeof node !== 'object' || path.endsWith('/then') || path.endsWith('/if')) return;
      const properties = (node as { properties?: Record<string, { description?: unknown }> }).properties ?? {};
      for (const [key, child] of Object.entries(properties)) if (typeof child.description !== 'string') undescribed.push(`${path}/${key}`);
      for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
    };
    visit(configJsonSchema(), '');
    expect(undescribed).toEqual([]);
  });
});
