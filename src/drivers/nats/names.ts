/**
 * How Outrigger's names become JetStream names. Each kind of resource has a namespace of its
 * own, so a queue, a topic and a stream of one name never share a JetStream stream or a subject:
 *   - a queue `orders`: stream `queue~orders`, subjects `queue.orders.>`;
 *   - a topic `orders`: stream `topic~orders`, subjects `topic.orders.>`;
 *   - a stream `telemetry` of n partitions: streams `stream~telemetry~<p>`, subject
 *     `stream.telemetry.<p>` each (streams.ts says why a partition is a stream of its own).
 * A resource name may contain '.', which NATS reads as a subject separator and refuses in stream
 * and consumer names, so '.' is written as '~' (a character resource names never contain). The
 * same '~' marks the names the driver adds itself (dead-letter streams, copies addressed to one
 * subscription), so they can never collide with a resource of the user's.
 */

export type ResourceKind = 'queue' | 'topic' | 'stream';

/**
 * Why `entity` cannot name a resource on NATS, or undefined when it can (config validation,
 * descriptor.ts). Config's own names always pass; an explicit `entity` may not: a subject token
 * cannot hold spaces, '*' or '>', a stream name cannot hold '/' or '\', '~' is the driver's
 * own mark, and an empty token ('..', or a '.' at either end) makes no subject.
 */
export function entityNameProblem(entity: string): string | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(entity)) return "may hold only letters, digits, '.', '_' and '-' (NATS subjects and stream names refuse the others, and '~' is the driver's own)";
  if (entity.startsWith('.') || entity.endsWith('.') || entity.includes('..')) return "must not start or end with '.' or hold '..' (an empty NATS subject token)";
  // Stream names become file names in the server's store; the longest the driver adds is a
  // partition's or a dead-letter stream's.
  if (entity.length > 200) return `must be at most 200 characters long (got ${entity.length})`;
  return undefined;
}

/** A resource name as one NATS token (stream, consumer or subject token). */
export function token(name: string): string {
  return name.replaceAll('.', '~');
}

/** The stream holding a queue's or a topic's messages; its subjects are `subjectRoot(...).>`. */
export function resourceStream(kind: ResourceKind, resource: string): string {
  return `${kind}~${token(resource)}`;
}

/** The first two tokens of every subject of a resource: `<kind>.<name>`. */
export function subjectRoot(kind: ResourceKind, resource: string): string {
  return `${kind}.${token(resource)}`;
}

/** The subject Outrigger publishes a queue's messages to (a plain client may use any `queue.<queue>.*`). */
export function queueSubject(queue: string): string {
  return `${subjectRoot('queue', queue)}.command`;
}

/**
 * The subject of a topic event: `topic.<topic>.<type>`, so that a plain client can subscribe to
 * one type. Characters a subject token cannot hold (space, '.', '*', '>') become '_'.
 */
export function topicSubject(topic: string, type: string | undefined): string {
  const typeToken = type === undefined || type === '' ? '_' : type.replace(/[\s.*>]/g, '_');
  return `${subjectRoot('topic', topic)}.${typeToken}`;
}

/** How many key partitions a queue has (key-partitions.ts). Fixed: changing it would move keys. */
export const keyPartitions = 1024;

/** Where a queue's messages with ordering key in partition `partition` go. */
export function keySubject(queue: string, partition: number): string {
  return `${subjectRoot('queue', queue)}.key.${partition}`;
}

/** Every key partition of a queue. */
export function keySubjects(queue: string): string {
  return `${subjectRoot('queue', queue)}.key.*`;
}

/** The durable consumer of one key partition of a queue. */
export function keyConsumer(partition: number): string {
  return `outrigger~k${partition}`;
}

/**
 * What a queue's own consumer reads: every subject one token below the queue (`command`, a
 * plain client's `<anything>`, `~copy`), and so not the key partitions (two tokens below).
 * A work-queue stream refuses consumers whose filters overlap.
 */
export function unkeyedFilter(queue: string): string {
  return `${subjectRoot('queue', queue)}.*`;
}

/** Where a queue's messages wait until they are due (schedule.ts): two tokens below the queue, like the key partitions. */
export function laterSubject(queue: string): string {
  return `${subjectRoot('queue', queue)}.later.due`;
}

export function laterFilter(queue: string): string {
  return `${subjectRoot('queue', queue)}.later.*`;
}

/** The durable consumer that moves due messages into the queue. */
export const laterConsumer = 'outrigger~later';

/** The JetStream stream of one partition of an Outrigger stream. */
export function partitionStream(stream: string, partition: number): string {
  return `${resourceStream('stream', stream)}~${partition}`;
}

/** The one subject of a partition: `stream.<stream>.<partition>`. */
export function partitionSubject(stream: string, partition: number): string {
  return `${subjectRoot('stream', stream)}.${partition}`;
}

/** The durable consumer of a consumer group on one partition stream. */
export function groupConsumer(group: string): string {
  return `group~${token(group)}`;
}

/** Where the members of a consumer group meet: heartbeats and partition owners (group-member.ts). */
export function groupStateStream(stream: string, group: string): string {
  return `${resourceStream('stream', stream)}~group~${token(group)}`;
}

export function groupStateSubject(stream: string, group: string): string {
  return `${subjectRoot('stream', stream)}.~group.${token(group)}`;
}

export interface InboxKey {
  /** The queue or topic. */
  resource: string;
  /** The subscription, for a topic. */
  subscription?: string;
}

export function inboxKind(ref: InboxKey): ResourceKind {
  return ref.subscription === undefined ? 'queue' : 'topic';
}

/** The stream an inbox reads. */
export function inboxStream(ref: InboxKey): string {
  return resourceStream(inboxKind(ref), ref.resource);
}

/**
 * Where a copy meant for one inbox only goes (a released or redriven message): a queue's
 * stream has one consumer, so any subject of it will do; a topic's copy is addressed to one
 * subscription, and every other subscription skips it.
 */
export function copySubject(ref: InboxKey): string {
  const root = subjectRoot(inboxKind(ref), ref.resource);
  return ref.subscription === undefined ? `${root}.~copy` : `${root}.~to.${token(ref.subscription)}`;
}

/** The prefix of every copy addressed to one subscription of a topic. */
export function addressedPrefix(topic: string): string {
  return `${subjectRoot('topic', topic)}.~to.`;
}

/** The durable consumer: one per queue (shared by every sidecar), one per subscription. */
export function consumerName(ref: InboxKey): string {
  return ref.subscription === undefined ? 'outrigger' : token(ref.subscription);
}

/** The dead-letter stream of one inbox (JetStream has none of its own). */
export function deadLetterStream(ref: InboxKey): string {
  const base = inboxStream(ref);
  return ref.subscription === undefined ? `${base}~dlq` : `${base}~${token(ref.subscription)}~dlq`;
}
