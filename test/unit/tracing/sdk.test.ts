/** The SDK set-up in process: the hooks make spans, the gRPC exporter is the one used for protocol grpc, and a collector that is not there costs counted spans. */
import { describe, expect, it } from 'vitest';
import type { TracingConfig } from '../../../src/config/types.js';
import { startSdk } from '../../../src/observability/tracing/sdk.js';
import { freePort } from '../../infra/helpers/ports.js';

function config(protocol: TracingConfig['protocol'], url: string): TracingConfig {
  return { protocol, url, serviceName: 'unit', sampler: 'parentbased_always_on', samplerArg: 1, resourceAttributes: {}, maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMs: 10, exportTimeoutMs: 1_000 };
}

describe('tracing - the SDK set-up', () => {
  for (const protocol of ['http/protobuf', 'grpc'] as const) {
    it(`tracing - ${protocol}: a producer span stamps the messages, and an absent collector drops the spans, counted`, async () => {
      const port = await freePort();
      const dropped: string[] = [];
      const tracing = await startSdk(config(protocol, protocol === 'grpc' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1/traces`), { version: 'test', onDropped: (reason) => dropped.push(reason) });
      try {
        const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
        const stamped = await tracing.produce('send', { system: 'embedded', destination: 'q' }, [{ id: 'm1', headers: { traceparent: caller } }], async (messages) => messages);
        expect(stamped[0]!.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
        expect(stamped[0]!.headers.traceparent).not.toBe(caller);
        const deadline = Date.now() + 5_000;
        while (dropped.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(dropped).toContain('export_failed');
      } finally {
        await tracing.shutdown(2_000);
      }
    });
  }
});
