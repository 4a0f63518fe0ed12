/**
 * One owned partition of a consumer group: fetch, process, repeat — strictly one
 * processEvents call at a time, awaited before the next fetch. Resumes after the group's
 * checkpoint (or at the consumer's start position when there is none). A processEvents that
 * throws gets the same events again after a pause: nothing is skipped behind the app's back.
 */
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { PartitionContext, PartitionProcessor, StreamEvent, StreamPosition } from '../contract.js';

export interface WorkerDeps {
  stream: string;
  group: string;
  partition: number;
  start: StreamPosition;
  processor: PartitionProcessor;
  /** The group's checkpoint for this partition, read when the worker starts. */
  loadCheckpoint(): number | null;
  nextOffset(): number;
  /** Long-poll fetch; resolves [] on abort. */
  fetch(from: StreamPosition, signal: AbortSignal): Promise<StreamEvent[]>;
  checkpoint(offset: number): Promise<void>;
  /** True once the driver is closing: fetches then return [] at once. */
  isClosed(): boolean;
  retryDelayMs: number;
}

export class PartitionWorker {
  readonly partition: number;
  readonly #deps: WorkerDeps;
  readonly #controller = new AbortController();
  readonly #done: Promise<void>;

  constructor(deps: WorkerDeps) {
    this.partition = deps.partition;
    this.#deps = deps;
    // #run handles its own failures; the catch only keeps a bug from becoming an unhandled rejection.
    this.#done = this.#run().catch(() => undefined);
  }

  get stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborts the context signal and waits for the running processEvents call, if any. */
  stop(): Promise<void> {
    this.#controller.abort();
    return this.#done;
  }

  async #run(): Promise<void> {
    const deps = this.#deps;
    const signal = this.#controller.signal;
    const checkpoint = deps.loadCheckpoint();
    let from: StreamPosition = checkpoint !== null ? { kind: 'offset', offset: checkpoint + 1 } : deps.start;
    if (from.kind === 'latest') from = { kind: 'offset', offset: deps.nextOffset() };
    const context: PartitionContext = {
      stream: deps.stream,
      group: deps.group,
      partition: deps.partition,
      signal,
      checkpoint: (offset) => deps.checkpoint(offset),
    };
    while (!signal.aborted) {
      let events: StreamEvent[];
      try {
        events = await deps.fetch(from, signal);
      } catch {
        await sleepUnlessAborted(deps.retryDelayMs, signal, { unref: true });
        continue;
      }
      const first = events[0];
      const last = events.at(-1);
      if (deps.isClosed()) break;
      if (signal.aborted || first === undefined || last === undefined) continue;
      try {
        await deps.processor.processEvents(events, context);
        from = { kind: 'offset', offset: last.offset + 1 };
      } catch {
        from = { kind: 'offset', offset: first.offset };
        await sleepUnlessAborted(deps.retryDelayMs, signal, { unref: true });
      }
    }
  }
}
