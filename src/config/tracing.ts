/**
 * The `tracing:` block and the standard OpenTelemetry variables that override it.
 *
 * The variables win over the file, as OUTRIGGER_* ones do: a platform team points every sidecar
 * of a cluster at its collector without editing each app's file. They are written into the
 * document before validation, so a bad value is reported naming its variable. Only an endpoint
 * (or `enabled: true`) turns tracing on: OTEL_SERVICE_NAME alone, often set for the app's own
 * SDK, does not. OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn it off whatever else is set.
 */
import { defaults } from './defaults.js';
import type { Path, ProblemList } from './problems.js';
import { isRecord } from './raw.js';
import type { TracingFile } from './schema.js';
import type { TracingConfig } from './types.js';
import { parseDuration } from './units.js';

/** Checked in order: a later variable for the same key wins (the traces-specific one). */
const variables: ReadonlyArray<{ variable: string; key: keyof TracingFile }> = [
  { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', key: 'endpoint' },
  { variable: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', key: 'tracesEndpoint' },
  { variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', key: 'protocol' },
  { variable: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', key: 'protocol' },
  { variable: 'OTEL_SERVICE_NAME', key: 'serviceName' },
  { variable: 'OTEL_TRACES_SAMPLER', key: 'sampler' },
  { variable: 'OTEL_TRACES_SAMPLER_ARG', key: 'samplerArg' },
  { variable: 'OTEL_BSP_MAX_QUEUE_SIZE', key: 'maxQueueSize' },
  { variable: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', key: 'maxExportBatchSize' },
  { variable: 'OTEL_BSP_SCHEDULE_DELAY', key: 'scheduledDelay' },
  { variable: 'OTEL_BSP_EXPORT_TIMEOUT', key: 'exportTimeout' },
];

/** Every variable read here, for the documentation and for tests. */
export const tracingVariables = ['OTEL_SDK_DISABLED', 'OTEL_TRACES_EXPORTER', 'OTEL_RESOURCE_ATTRIBUTES', ...variables.map((v) => v.variable)];

/** Empty values count as unset, as for OUTRIGGER_* variables. */
export function applyTracingEnv(doc: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: ProblemList): void {
  const set = (key: string, value: unknown, variable: string): void => {
    if (doc['tracing'] === undefined || doc['tracing'] === null) doc['tracing'] = {};
    const section = doc['tracing'];
    if (!isRecord(section)) return; // the schema reports it
    section[key] = value;
    problems.setOrigin(['tracing', key] as Path, variable);
  };
  for (const { variable, key } of variables) {
    const value = env[variable];
    if (value !== undefined && value !== '') set(key, value, variable);
  }
  const attributes = env['OTEL_RESOURCE_ATTRIBUTES'];
  if (attributes !== undefined && attributes !== '') {
    const existing = isRecord(doc['tracing']) && isRecord(doc['tracing']['resourceAttributes']) ? doc['tracing']['resourceAttributes'] : {};
    set('resourceAttributes', { ...existing, ...parseResourceAttributes(attributes) }, 'OTEL_RESOURCE_ATTRIBUTES');
  }
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') set('enabled', false, 'OTEL_SDK_DISABLED');
  if (env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none') set('enabled', false, 'OTEL_TRACES_EXPORTER');
}

/** `key1=value1,key2=value2`, values percent-encoded (the OpenTelemetry resource SDK rules); malformed pairs are skipped as the SDKs do. */
export function parseResourceAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    try {
      attributes[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      attributes[key] = pair.slice(at + 1).trim();
    }
  }
  return attributes;
}

/** Undefined when tracing is off. */
export function buildTracing(file: TracingFile | undefined, appId: string): TracingConfig | undefined {
  if (file === undefined || file.enabled === false) return undefined;
  if (file.enabled !== true && file.endpoint === undefined && file.tracesEndpoint === undefined) return undefined;
  const protocol = file.protocol ?? defaults.tracing.protocol;
  return {
    protocol,
    url: file.tracesEndpoint ?? exportUrl(protocol, file.endpoint),
    serviceName: file.serviceName ?? appId,
    sampler: file.sampler ?? defaults.tracing.sampler,
    samplerArg: file.samplerArg ?? 1,
    resourceAttributes: { ...file.resourceAttributes },
    maxQueueSize: file.maxQueueSize ?? defaults.tracing.maxQueueSize,
    maxExportBatchSize: Math.min(file.maxExportBatchSize ?? defaults.tracing.maxExportBatchSize, file.maxQueueSize ?? defaults.tracing.maxQueueSize),
    scheduledDelayMs: file.scheduledDelay === undefined ? defaults.tracing.scheduledDelayMs : parseDuration(file.scheduledDelay),
    exportTimeoutMs: file.exportTimeout === undefined ? defaults.tracing.exportTimeoutMs : parseDuration(file.exportTimeout),
  };
}

/** The base endpoint gets the signal's path over HTTP, as the OTLP exporter specification says; gRPC takes it as it is. */
function exportUrl(protocol: TracingConfig['protocol'], endpoint: string | undefined): string {
  if (protocol === 'grpc') return endpoint ?? defaults.tracing.grpcEndpoint;
  return `${(endpoint ?? defaults.tracing.httpEndpoint).replace(/\/+$/, '')}/v1/traces`;
}
