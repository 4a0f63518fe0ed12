/**
 * docs/metrics.md, written from the registry the sidecar itself exports, so every series is
 * documented with the name, type, labels and help text it really has.
 */
import { Metrics } from './metrics.js';

export function metricsReference(): string {
  const metrics = new Metrics({ processMetrics: false }).registry.getMetricsAsArray() as unknown as Array<{ name: string; type: string; help: string; labelNames?: readonly string[] }>;
  const rows = [...metrics]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => `| \`${m.name}\` | ${m.type} | ${(m.labelNames ?? []).map((label) => `\`${label}\``).join(', ')} | ${m.help.replace(/\|/g, '\\|').replace(/</g, '&lt;')} |`);
  return [
    '# Metrics reference',
    '',
    '<!-- Written by `npm run schema` from src/observability/metrics.ts; do not edit by hand. -->',
    '',
    'Prometheus text format on the admin port: `GET http://<pod>:7702/metrics` (`server.adminAddr`,',
    '`OUTRIGGER_ADMIN_ADDR`). Every name starts with `outrigger_`. Histograms have the usual',
    '`_bucket`, `_sum` and `_count` series; their latency buckets run from 100 µs to 30 s. The',
    '`outcome` of API requests and broker operations is `ok` or an error code from',
    '[errors.md](errors.md); the help text says what other labels hold. Gauges read from brokers',
    '(queue depth, stream lag) are refreshed on each scrape.',
    '',
    '| metric | type | labels | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Beside these, the Node.js process metrics of prom-client\'s default collectors, with the same',
    'prefix: `outrigger_process_*` (CPU, resident memory, open file descriptors, start time) and',
    '`outrigger_nodejs_*` (event-loop lag, heap, active handles, garbage collection, version).',
    '',
  ].join('\n');
}
