/**
 * The Node.js process metrics: prom-client's default collectors, taken one by one from its
 * lib/metrics/, in the order `collectDefaultMetrics` registers them, except its process CPU
 * collector. That one requires @opentelemetry/api (for exemplars, which these metrics do not
 * use) in every daemon, tracing or not; `cpuCounters` writes the same three series in its place,
 * so /metrics carries the same names, help texts and values.
 */
import eventLoopLag from 'prom-client/lib/metrics/eventLoopLag.js';
import gc from 'prom-client/lib/metrics/gc.js';
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed.js';
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed.js';
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap.js';
import processHandles from 'prom-client/lib/metrics/processHandles.js';
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors.js';
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors.js';
import processRequests from 'prom-client/lib/metrics/processRequests.js';
import processResources from 'prom-client/lib/metrics/processResources.js';
import processStartTime from 'prom-client/lib/metrics/processStartTime.js';
import version from 'prom-client/lib/metrics/version.js';
import type { Counter as CounterType, Registry } from 'prom-client';
import { Counter } from './prom-client.js';

/** After the CPU counters, in the order of prom-client's lib/defaultMetrics.js. */
const collectors = [
  processStartTime,
  osMemoryHeap,
  processOpenFileDescriptors,
  processMaxFileDescriptors,
  eventLoopLag,
  processResources,
  processHandles,
  processRequests,
  heapSizeAndUsed,
  heapSpacesSizeAndUsed,
  version,
  gc,
];

export function collectProcessMetrics(registry: Registry, prefix: string): void {
  cpuCounters(registry, prefix);
  const config = { prefix, eventLoopMonitoringPrecision: 10 };
  for (const collect of collectors) collect(registry, config);
}

/** process_cpu_{user,system}_seconds_total and process_cpu_seconds_total, read at each scrape. */
function cpuCounters(registry: Registry, prefix: string): void {
  let last = process.cpuUsage();
  const system = new Counter({ name: `${prefix}process_cpu_system_seconds_total`, help: 'Total system CPU time spent in seconds.', registers: [] });
  const total = new Counter({ name: `${prefix}process_cpu_seconds_total`, help: 'Total user and system CPU time spent in seconds.', registers: [] });
  const user = new Counter({
    name: `${prefix}process_cpu_user_seconds_total`,
    help: 'Total user CPU time spent in seconds.',
    registers: [],
    // One collect sets all three, as prom-client's does.
    collect(this: CounterType) {
      const now = process.cpuUsage();
      const userMicros = now.user - last.user;
      const systemMicros = now.system - last.system;
      last = now;
      this.inc(userMicros / 1e6);
      system.inc(systemMicros / 1e6);
      total.inc((userMicros + systemMicros) / 1e6);
    },
  });
  for (const counter of [user, system, total]) registry.registerMetric(counter);
}
