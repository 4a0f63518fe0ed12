import type { Capabilities } from '../contract.js';

/**
 * What the NATS JetStream driver can do (server 2.9 or later). Each `false` is a gap of the
 * driver or of JetStream, written beside the flag; docs/delivery-guarantees.md says how each
 * `true` is kept.
 */
export const natsCapabilities: Capabilities = Object.freeze({
  queues: true,
  topics: true,
  // A JetStream stream per partition, subject `stream.<stream>.<p>`; offset = sequence - 1 (streams.ts).
  streams: true,
  // Queues: key partitions, a consumer each with max_ack_pending 1 (key-partitions.ts), keys in
  // parallel. An ordered subscription's consumer has max_ack_pending 1: per-key order holds,
  // but its keys wait for each other (entities.ts).
  orderingKeys: true,
  // JetStream 2.9 cannot hold a message back until a time (message schedules came in 2.12): a
  // not-yet-due message waits in its queue's stream, and a mover copies it in when due
  // (schedule.ts). nack's retryAfterMs is nak(delay); a release's holds its copy back (release.ts).
  scheduledDelivery: true,
  // Kept by the driver: the expiry travels in a header, and an expired message is removed at
  // receive instead of delivered (JetStream 2.9 has no per-message TTL).
  ttl: true,
  // Kept on the broker, moved by the driver (the flag's meaning: kernel/capabilities.ts).
  // JetStream has no dead-letter queue, and its max-deliveries advisory is kept nowhere, so the
  // consumers' max_deliver is unlimited and the server never gives up on a message by itself:
  // the driver counts attempts and copies the message into the inbox's dead-letter stream (PubAck
  // awaited) before it terminates the original (dead-letters.ts), and lists and redrives from it.
  nativeDeadLetter: true,
  // Nats-Msg-Id within the stream's duplicate window; the PubAck says `duplicate`.
  duplicateDetection: true,
  // Matched by the driver at receive (a 2.9 consumer has one filter subject, too few for a list
  // of types or a CloudEvents subject prefix); events that do not match are acknowledged unseen.
  subscriptionFilters: true,
  // Members meet in a small stream of heartbeats and compare-and-set owners (group-state.ts);
  // each partition's checkpoint is the ack floor of the group's durable consumer on it.
  consumerGroups: true,
  // A throwaway consumer delivering by start time finds the first sequence at or after it.
  streamSeekByTime: true,
  requestReply: false,
  // The server's default max_payload; raise it with the maxMessageBytes setting where the
  // server's max_payload is larger. Headers count towards the server's limit too.
  maxMessageBytes: 1024 * 1024,
});
