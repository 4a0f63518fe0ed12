/**
 * The OpenTelemetry SDK set up from the `tracing` config: sampler, resource, OTLP exporter
 * (HTTP/protobuf, or gRPC, whose module is loaded only when asked for) and the bounded batch
 * processor. Loaded only when tracing is on (start.ts).
 */
import { context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type Sampler, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingConfig, TracingSampler } from '../../config/types.js';
import { BoundedBatchProcessor, type DropReason } from './bounded-processor.js';
import { AsyncContextManager } from './context-manager.js';
import { OtelTracing } from './otel-tracing.js';
import type { Tracing } from './tracing.js';

export interface SdkOptions {
  version: string;
  onDropped(reason: DropReason, count: number): void;
}

export async function startSdk(config: TracingConfig, options: SdkOptions): Promise<Tracing> {
  const contextManager = new AsyncContextManager();
  context.setGlobalContextManager(contextManager);
  const processor = new BoundedBatchProcessor(await exporter(config), { ...config, onDropped: options.onDropped });
  const provider = new TracerProvider({
    sampler: sampler(config.sampler, config.samplerArg),
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      'service.name': config.serviceName,
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'outrigger.version': options.version,
    }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('outrigger', options.version);
  return new OtelTracing(tracer, async (timeoutMs) => {
    await Promise.race([provider.shutdown(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    context.disable();
  });
}

async function exporter(config: TracingConfig): Promise<SpanExporter> {
  // One request at a time: the processor sends one batch at a time anyway.
  const options = { url: config.url, timeoutMillis: config.exportTimeoutMs, concurrencyLimit: 1 };
  if (config.protocol === 'grpc') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-grpc');
    return new OTLPTraceExporter(options);
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter(options);
}

function sampler(kind: TracingSampler, ratio: number): Sampler {
  switch (kind) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
