/** The bounded batch processor: spans beyond the queue and spans of failed exports are dropped and counted, never waited for. */
import { TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { BoundedBatchProcessor, type DropReason } from '../../../src/observability/tracing/bounded-processor.js';

function span(sampled = true): ReadableSpan {
  return { spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE }) } as unknown as ReadableSpan;
}

/** An exporter whose answers the test gives, one export at a time. */
function exporter() {
  const pending: Array<{ size: number; answer: (code: ExportResultCode) => void }> = [];
  const exported: number[] = [];
  const fake: SpanExporter = {
    export(spans, done: (result: ExportResult) => void) {
      pending.push({ size: spans.length, answer: (code) => { if (code === ExportResultCode.SUCCESS) exported.push(spans.length); done({ code }); } });
    },
    shutdown: async () => undefined,
  };
  return { fake, pending, exported };
}

function processor(fake: SpanExporter, options: { maxQueueSize: number; maxExportBatchSize: number; exportTimeoutMs?: number }) {
  const drops: Record<DropReason, number> = { queue_full: 0, export_failed: 0 };
  const p = new BoundedBatchProcessor(fake, { scheduledDelayMs: 10, exportTimeoutMs: options.exportTimeoutMs ?? 1_000, ...options, onDropped: (reason, count) => (drops[reason] += count) });
  return { p, drops };
}

const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tracing - bounded batch processor', () => {
  it('tracing - exports full batches at once and the rest after the delay; unsampled spans are not exported', async () => {
    const { fake, pending, exported } = exporter();
    const { p, drops } = processor(fake, { maxQueueSize: 10, maxExportBatchSize: 2 });
    for (let i = 0; i < 3; i++) p.onEnd(span());
    p.onEnd(span(false));
    await tick(0);
    expect(pending.map((e) => e.size)).toEqual([2]);
    pending.shift()!.answer(ExportResultCode.SUCCESS);
    await tick();
    expect(pending.map((e) => e.size)).toEqual([1]);
    pending.shift()!.answer(ExportResultCode.SUCCESS);
    expect(exported).toEqual([2, 1]);
    expect(drops).toEqual({ queue_full: 0, export_failed: 0 });
  });

  it('tracing - while an export hangs the queue fills, and what does not fit is dropped and counted', async () => {
    const { fake, pending } = exporter();
    const { p, drops } = processor(fake, { maxQueueSize: 4, maxExportBatchSize: 2 });
    for (let i = 0; i < 2; i++) p.onEnd(span());
    await tick(0);
    expect(pending).toHaveLength(1);
    for (let i = 0; i < 10; i++) p.onEnd(span());
    expect(drops.queue_full).toBe(6);
    expect(pending).toHaveLength(1);
  });

  it('tracing - a failed or timed-out export drops its batch, counted, and the next batch still goes', async () => {
    const { fake, pending } = exporter();
    const { p, drops } = processor(fake, { maxQueueSize: 10, maxExportBatchSize: 2, exportTimeoutMs: 50 });
    for (let i = 0; i < 4; i++) p.onEnd(span());
    await tick(0);
    pending.shift()!.answer(ExportResultCode.FAILED);
    expect(drops.export_failed).toBe(2);
    await tick(100);
    expect(drops.export_failed).toBe(4);
  });

  it('tracing - shutdown exports what is queued', async () => {
    const { fake, pending, exported } = exporter();
    const { p } = processor(fake, { maxQueueSize: 10, maxExportBatchSize: 5 });
    p.onEnd(span());
    const stopped = p.shutdown();
    await tick(0);
    pending.shift()!.answer(ExportResultCode.SUCCESS);
    await stopped;
    expect(exported).toEqual([1]);
  });
});
