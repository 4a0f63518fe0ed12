/** Config of tracing: the `tracing:` block, the standard OTEL_* variables over it, and when it is on. */
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfigFile } from '../../../src/config/load.js';
import { parseResourceAttributes } from '../../../src/config/tracing.js';
import { writeConfig } from './support.js';

const base = 'brokers: { local: { driver: embedded } }\n';

function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return loadConfig({ path: writeConfig(base + yaml), env }).tracing;
}

describe('config - tracing', () => {
  it('config - tracing is off unless an endpoint is set or it is enabled', () => {
    expect(load('')).toBeUndefined();
    expect(load('tracing: { serviceName: orders }\n')).toBeUndefined();
    expect(load('', { OTEL_SERVICE_NAME: 'orders', OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
  });

  it('config - tracing from the file, with the SDK defaults filled in', () => {
    expect(load('app: { id: orders }\ntracing: { endpoint: "http://collector:4318/" }\n')).toEqual({
      protocol: 'http/protobuf',
      url: 'http://collector:4318/v1/traces',
      serviceName: 'orders',
      sampler: 'parentbased_always_on',
      samplerArg: 1,
      resourceAttributes: {},
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      scheduledDelayMs: 5000,
      exportTimeoutMs: 10000,
    });
    expect(load('tracing: { enabled: true }\n')?.url).toBe('http://localhost:4318/v1/traces');
    expect(load('tracing: { enabled: true, protocol: grpc }\n')?.url).toBe('http://localhost:4317');
  });

  it('config - tracing: the OTEL_* variables override the file', () => {
    const tracing = load('tracing: { endpoint: "http://file:4318", serviceName: file, sampler: always_on, resourceAttributes: { team: a, tier: b } }\n', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_RESOURCE_ATTRIBUTES: 'team=payments,deployment.environment.name=prod%20eu',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    expect(tracing).toMatchObject({
      url: 'http://env:4318/v1/traces',
      serviceName: 'from-env',
      sampler: 'parentbased_traceidratio',
      samplerArg: 0.25,
      resourceAttributes: { team: 'payments', tier: 'b', 'deployment.environment.name': 'prod eu' },
      maxQueueSize: 100,
      maxExportBatchSize: 100,
      scheduledDelayMs: 200,
    });
  });

  it('config - tracing: an endpoint in the environment alone turns it on; the traces endpoint wins as it is', () => {
    expect(load('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })?.url).toBe('http://collector:4318/v1/traces');
    expect(load('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/traces' })?.url).toBe('http://b:9999/traces');
    expect(load('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toMatchObject({ protocol: 'grpc', url: 'http://c:4317' });
  });

  it('config - tracing: OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER=none and enabled: false turn it off', () => {
    expect(load('tracing: { endpoint: "http://x:4318" }\n', { OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(load('', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(load('tracing: { enabled: false }\n', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' })).toBeUndefined();
  });

  it('config - tracing: a bad value is reported naming its variable', () => {
    const result = validateConfigFile(writeConfig(base), { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(text).toContain('OTEL_TRACES_SAMPLER_ARG');
  });

  it('config - tracing: resource attributes parse as the SDKs do', () => {
    expect(parseResourceAttributes('a=1, b = x%2Cy ,bad,=novalue,c=')).toEqual({ a: '1', b: 'x,y', c: '' });
  });
});
