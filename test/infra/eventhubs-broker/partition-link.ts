/**
 * One receiver link of a client, reading a partition for a consumer group from a position:
 * events go out while the link has credit, each with the annotations the service adds.
 */
import rhea, { type Message, type Sender } from 'rhea';
import type { Hub, Partition, PartitionReader, StoredEvent } from './hubs.js';

export interface PartitionLinkFields {
  sender: Sender;
  hub: Hub;
  partition: Partition;
  consumerGroup: string;
  epoch: number | undefined;
  runtimeMetrics: boolean;
  /** The sequence number of the next event to send. */
  next: number;
}

export class PartitionLink implements PartitionReader {
  readonly sender: Sender;
  readonly hub: Hub;
  readonly partition: Partition;
  readonly consumerGroup: string;
  readonly epoch: number | undefined;
  readonly runtimeMetrics: boolean;
  next: number;

  constructor(fields: PartitionLinkFields) {
    this.sender = fields.sender;
    this.hub = fields.hub;
    this.partition = fields.partition;
    this.consumerGroup = fields.consumerGroup;
    this.epoch = fields.epoch;
    this.runtimeMetrics = fields.runtimeMetrics;
    this.next = fields.next;
  }

  matches(filter: { hub?: string; consumerGroup?: string; partitionId?: string }): boolean {
    return (
      (filter.hub === undefined || filter.hub.toLowerCase() === this.hub.name.toLowerCase()) &&
      (filter.consumerGroup === undefined || filter.consumerGroup.toLowerCase() === this.consumerGroup.toLowerCase()) &&
      (filter.partitionId === undefined || filter.partitionId === this.partition.id)
    );
  }

  info(): { hub: string; consumerGroup: string; partitionId: string; epoch: number | undefined; runtimeMetrics: boolean } {
    return { hub: this.hub.name, consumerGroup: this.consumerGroup, partitionId: this.partition.id, epoch: this.epoch, runtimeMetrics: this.runtimeMetrics };
  }

  wake(): void {
    // Events dropped by retention are skipped, as the service does.
    this.next = Math.max(this.next, this.partition.beginSequenceNumber);
    while (this.sender.is_open() && this.sender.sendable()) {
      const event = this.partition.at(this.next);
      if (event === undefined) return;
      this.sender.send(this.#outgoing(event));
      this.next++;
    }
  }

  /** The stored message with the service's annotations (and runtime metrics when asked for). */
  #outgoing(event: StoredEvent): Message {
    const message: Message = {
      ...event.message,
      message_annotations: {
        ...(event.message.message_annotations ?? {}),
        'x-opt-sequence-number': rhea.types.wrap_long(event.sequenceNumber),
        'x-opt-offset': event.offset,
        'x-opt-enqueued-time': new Date(event.enqueuedTime),
        ...(event.partitionKey === undefined ? {} : { 'x-opt-partition-key': event.partitionKey }),
      },
    };
    const last = this.partition.last;
    if (this.runtimeMetrics && last !== undefined) {
      message.delivery_annotations = {
        last_enqueued_sequence_number: rhea.types.wrap_long(last.sequenceNumber),
        last_enqueued_offset: last.offset,
        last_enqueued_time_utc: new Date(last.enqueuedTime),
        runtime_info_retrieval_time_utc: new Date(),
      };
    }
    return message;
  }
}
