/**
 * The `$management` node of the Event Hubs test broker: READ requests for hub properties
 * (`com.microsoft:eventhub`) and partition properties (`com.microsoft:partition`), answered with
 * the status keys and body fields the SDK's ManagementClient reads.
 */
import rhea, { type Message } from 'rhea';
import type { Hub } from './hubs.js';

export interface ManagementAnswer {
  properties: Record<string, unknown>;
  body?: Record<string, unknown>;
}

export function answerManagement(request: Message, findHub: (name: string) => Hub | undefined): ManagementAnswer {
  const properties = request.application_properties ?? {};
  const operation = String(properties.operation ?? '');
  const type = String(properties.type ?? '');
  const failure = (status: number, condition: string, description: string): ManagementAnswer => ({
    properties: { 'status-code': status, 'status-description': description, 'error-condition': condition },
  });
  if (operation !== 'READ') return failure(501, 'amqp:not-implemented', `operation '${operation}' is not implemented by the test broker`);
  const hub = findHub(String(properties.name ?? ''));
  if (hub === undefined) return failure(404, 'amqp:not-found', `The messaging entity '${String(properties.name)}' could not be found.`);
  if (type === 'com.microsoft:eventhub') {
    return { properties: { 'status-code': 200 }, body: { name: hub.name, type, created_at: hub.createdAt, partition_count: hub.partitions.length, partition_ids: hub.partitionIds } };
  }
  if (type !== 'com.microsoft:partition') return failure(400, 'com.microsoft:argument-error', `unknown type '${type}'`);
  const partition = hub.partition(String(properties.partition ?? ''));
  if (partition === undefined) {
    return failure(400, 'com.microsoft:argument-out-of-range', `The specified partition is invalid for an EventHub partition sender or receiver. It should be between 0 and ${hub.partitions.length - 1}.`);
  }
  const last = partition.last;
  return {
    properties: { 'status-code': 200 },
    body: {
      name: hub.name,
      type,
      partition: partition.id,
      begin_sequence_number: rhea.types.wrap_long(partition.beginSequenceNumber),
      // An empty partition reports -1 / "-1", as the service does.
      last_enqueued_sequence_number: rhea.types.wrap_long(last?.sequenceNumber ?? partition.beginSequenceNumber - 1),
      last_enqueued_offset: last?.offset ?? '-1',
      last_enqueued_time_utc: new Date(last?.enqueuedTime ?? 0),
      is_partition_empty: last === undefined,
    },
  };
}
