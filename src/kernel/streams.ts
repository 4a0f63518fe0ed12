/**
 * Streams as every layer sees them: appended events, read events, positions and partitions.
 * Times are epoch milliseconds.
 */
import type { MessageHeaders } from './messages.js';

export interface AppendEvent {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
  /** Events with one key always land in one partition, in order. */
  partitionKey?: string;
  /** Explicit partition; wins over partitionKey. */
  partition?: number;
}

export interface AppendReceipt {
  id: string;
  partition: number;
  offset: number;
}

export interface StreamEvent {
  id: string;
  partition: number;
  /** Increases by one per event within a partition. */
  offset: number;
  headers: MessageHeaders;
  data: Uint8Array;
  partitionKey?: string;
  timestamp: number;
}

export type StreamPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  /** Inclusive: the event at this offset is the first one read. */
  | { kind: 'offset'; offset: number }
  | { kind: 'time'; time: number };

/** Where a consumer group without a checkpoint starts. */
export type StreamStart = Exclude<StreamPosition, { kind: 'offset' }>;

export interface PartitionInfo {
  partition: number;
  /** Offset of the oldest retained event, or of the next event when empty. */
  firstOffset: number;
  /** Offset the next appended event will get. */
  nextOffset: number;
}

export interface GroupLag {
  partition: number;
  /** Next offset minus the offset after the checkpoint. */
  lag: number;
  checkpoint: number | null;
}
