/**
 * Tracing on or off for this process. Off (no `tracing` config), nothing is imported: the
 * OpenTelemetry packages are loaded by the dynamic import below and only when tracing is on, so
 * start-up, memory and the hot paths of a sidecar without tracing are what they were without it.
 */
import { readFileSync } from 'node:fs';
import type { TracingConfig } from '../../config/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { noTracing, useTracing, type Tracing } from './tracing.js';

/** Export failures are logged at most this often; the metric counts every dropped span. */
const failureLogEveryMs = 60_000;

export async function startTracing(config: TracingConfig | undefined, metrics: Metrics, logger: Logger): Promise<Tracing> {
  if (config === undefined) {
    useTracing(noTracing);
    return noTracing;
  }
  const { startSdk } = await import('./sdk.js');
  let lastLogged = 0;
  const tracing = await startSdk(config, {
    version: packageVersion(),
    onDropped(reason, count) {
      metrics.traceSpansDropped.inc({ reason }, count);
      if (Date.now() - lastLogged < failureLogEveryMs) return;
      lastLogged = Date.now();
      logger.warn({ reason, spans: count, url: config.url }, reason === 'queue_full' ? 'trace export queue full: spans dropped' : 'trace export failed: spans dropped');
    },
  });
  useTracing(tracing);
  logger.info({ url: config.url, protocol: config.protocol, serviceName: config.serviceName, sampler: config.sampler, samplerArg: config.samplerArg }, 'tracing on');
  return tracing;
}

/** Exports what is left and goes back to the no-op. */
export async function stopTracing(tracing: Tracing, timeoutMs: number): Promise<void> {
  useTracing(noTracing);
  await tracing.shutdown(timeoutMs);
}

/** From dist/src/... in a build, src/... in tests. */
function packageVersion(): string {
  for (const path of ['../../../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'outrigger' && pkg.version !== undefined) return pkg.version;
    } catch {
      // the other layout
    }
  }
  return 'unknown';
}
