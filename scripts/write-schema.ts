/**
 * Writes schema/outrigger.schema.json from the TypeBox schema (src/config/json-schema.ts).
 * Runs on the build output: `npm run build && node scripts/write-schema.ts`.
 * A unit test fails whenever the committed file and the code disagree.
 */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/src/config/json-schema.js';

const target = new URL('../schema/outrigger.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
