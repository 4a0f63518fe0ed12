/**
 * The checkpoint of one partition batch. Events may be settled in any order, but the checkpoint
 * only ever moves to the end of the contiguous settled prefix: with 5, 6, 7 out and 5 and 7
 * acked, it stays at 5 until 6 is settled, so a restart never skips an unsettled event.
 * Writes are serialized and coalesced (only the newest offset is written when one is pending).
 */
import type { PartitionContext } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';

export class BatchCheckpoint {
  private readonly offsets: number[];
  private readonly settled = new Set<number>();
  /** Index of the first unsettled offset. */
  private next = 0;
  private target: number | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    offsets: number[],
    private readonly context: PartitionContext,
    private readonly logger: Logger,
  ) {
    this.offsets = [...offsets].sort((a, b) => a - b);
  }

  get complete(): boolean {
    return this.next === this.offsets.length;
  }

  settle(offset: number): void {
    this.settled.add(offset);
    const before = this.next;
    while (this.next < this.offsets.length && this.settled.has(this.offsets[this.next]!)) this.next++;
    if (this.next > before) this.save(this.offsets[this.next - 1]!);
  }

  /** Resolves once every checkpoint asked for so far has been written (or given up). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private save(offset: number): void {
    const pending = this.target !== undefined;
    this.target = offset;
    if (pending) return;
    this.writing = this.writing.then(async () => {
      const offset = this.target;
      this.target = undefined;
      // A partition that moved to another member resumes there from the last checkpoint.
      if (offset === undefined || this.context.signal.aborted) return;
      try {
        await this.context.checkpoint(offset);
      } catch (err) {
        this.logger.warn({ err, stream: this.context.stream, group: this.context.group, partition: this.context.partition, offset }, 'consume: checkpoint failed');
      }
    });
  }
}
