// prom-client ships types for its index only; these give its files, imported one by one
// (prom-client.ts, process-metrics.ts), the index's types.
declare module 'prom-client/lib/counter.js' {
  import { Counter } from 'prom-client';
  export default Counter;
}
declare module 'prom-client/lib/gauge.js' {
  import { Gauge } from 'prom-client';
  export default Gauge;
}
declare module 'prom-client/lib/histogram.js' {
  import { Histogram } from 'prom-client';
  export default Histogram;
}
declare module 'prom-client/lib/registry.js' {
  import { Registry } from 'prom-client';
  export default Registry;
}
/** One of the default collectors, as lib/defaultMetrics.js calls it. */
declare module 'prom-client/lib/metrics/*.js' {
  import type { Registry } from 'prom-client';
  const collector: (registry: Registry, config: { prefix: string; eventLoopMonitoringPrecision: number }) => void;
  export default collector;
}
/** The key prom-client files a labelled series under (series.ts works it out once per series). */
declare module 'prom-client/lib/util.js' {
  export function hashObject(labels: Partial<Record<string, string | number>>, labelNames?: string[]): string;
}
