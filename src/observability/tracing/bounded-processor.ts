/**
 * Finished spans to the exporter in batches, from a queue of bounded size. Nothing on the
 * message path ever waits for the exporter: a span that finds the queue full is dropped, a batch
 * whose export fails or times out is dropped, and each drop is counted (onDropped), which the
 * SDK's own BatchSpanProcessor only logs. One export at a time, so a slow collector costs one
 * request in flight and a full queue, not a growing pile of sockets.
 */
import { TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

export type DropReason = 'queue_full' | 'export_failed';

export interface BoundedProcessorOptions {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
  onDropped(reason: DropReason, count: number): void;
}

export class BoundedBatchProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private exporting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: BoundedProcessorOptions,
  ) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.options.maxQueueSize) {
      this.options.onDropped('queue_full', 1);
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxExportBatchSize) this.exportSoon(0);
    else this.exportSoon(this.options.scheduledDelayMs);
  }

  async forceFlush(): Promise<void> {
    await this.drain(Date.now() + this.options.exportTimeoutMs);
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.drain(Date.now() + this.options.exportTimeoutMs);
    this.stopped = true;
    clearTimeout(this.timer);
    await this.exporter.shutdown().catch(() => undefined);
  }

  /** Exports until the queue is empty or the deadline passes; what is left then is dropped. */
  private async drain(deadline: number): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (Date.now() < deadline && (this.exporting !== undefined || this.queue.length > 0)) {
      await (this.exporting ?? this.exportBatch());
    }
  }

  private exportSoon(delayMs: number): void {
    if (this.exporting !== undefined) return; // it looks at the queue again when it ends
    if (this.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportBatch();
    }, delayMs);
    this.timer.unref();
  }

  private exportBatch(): Promise<void> {
    if (this.exporting !== undefined) return this.exporting;
    const batch = this.queue.splice(0, this.options.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    this.exporting = this.send(batch).finally(() => {
      this.exporting = undefined;
      if (!this.stopped && this.queue.length > 0) this.exportSoon(this.queue.length >= this.options.maxExportBatchSize ? 0 : this.options.scheduledDelayMs);
    });
    return this.exporting;
  }

  private send(batch: ReadableSpan[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (ok: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timeout);
        if (!ok) this.options.onDropped('export_failed', batch.length);
        resolve();
      };
      const timeout = setTimeout(() => finish(false), this.options.exportTimeoutMs);
      timeout.unref();
      try {
        this.exporter.export(batch, (result: ExportResult) => finish(result.code === ExportResultCode.SUCCESS));
      } catch {
        finish(false);
      }
    });
  }
}
