/**
 * Writes what is generated from the code: schema/outrigger.schema.json from the TypeBox schema
 * (src/config/json-schema.ts), the validators start-up runs (src/config/generated/, from
 * src/config/validator-code.ts), and the references docs/configuration.md (config keys, driver
 * settings, environment variables) and docs/metrics.md (src/observability/metrics.ts).
 * Runs on the build output: `npm run build && node scripts/write-schema.ts` (`npm run schema`).
 * Unit tests fail whenever a committed file and the code disagree.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/src/config/json-schema.js';
import { configurationReference } from '../dist/src/config/reference.js';
import { metricsReference } from '../dist/src/observability/metrics-reference.js';
import { generatedSettingsDir, validatorModules } from '../dist/src/config/validator-code.js';

const outputs: Array<[string, string]> = [
  ['../schema/outrigger.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`],
  ['../docs/configuration.md', configurationReference()],
  ['../docs/metrics.md', metricsReference()],
  ...validatorModules().map(([path, text]): [string, string] => [`../${path}`, text]),
];
// A driver no longer registered leaves no validator behind.
const settingsDir = new URL(`../${generatedSettingsDir}/`, import.meta.url);
mkdirSync(settingsDir, { recursive: true });
for (const file of readdirSync(settingsDir)) rmSync(new URL(file, settingsDir));
for (const [path, text] of outputs) {
  const target = new URL(path, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
