/** The generated references are committed; these fail when the code moved on without them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationReference } from '../../src/config/reference.js';
import { envOverrides } from '../../src/config/env-overrides.js';
import { errorCatalogue } from '../../src/kernel/errors.js';
import { metricsReference } from '../../src/observability/metrics-reference.js';
import { Metrics } from '../../src/observability/metrics.js';

const committed = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const stale = (path: string): string => `${path} is out of date: run npm run schema and commit it`;

describe('reference docs', () => {
  it('docs - docs/configuration.md is what the schema writes, and names every OUTRIGGER_* variable', () => {
    const text = configurationReference();
    expect(committed('docs/configuration.md'), stale('docs/configuration.md')).toBe(text);
    for (const { variable } of envOverrides) expect(text).toContain(`\`${variable}\``);
    for (const key of ['app.url', 'subscriptions[].from.filter.type', 'policies.<name>.retry.budget.ratio', 'targets.<name>.queue']) expect(text).toContain(`\`${key}\``);
    expect(text).toContain('### `driver: embedded`');
  });

  it('docs - docs/metrics.md is what the registry writes, one row per metric', () => {
    expect(committed('docs/metrics.md'), stale('docs/metrics.md')).toBe(metricsReference());
    for (const metric of new Metrics({ processMetrics: false }).registry.getMetricsAsArray()) expect(metricsReference()).toContain(`| \`${(metric as unknown as { name: string }).name}\` |`);
  });

  it('docs - docs/troubleshooting.md has a section for every error code, and no other', () => {
    const headings = [...committed('docs/troubleshooting.md').matchAll(/^### (\w+)$/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });
});
