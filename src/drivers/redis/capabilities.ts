import type { Capabilities } from '../contract.js';

/**
 * What the Redis Streams driver can do. `maxMessageBytes` is a default guard, not Redis's limit
 * (a bulk string may hold 512 MB): Redis keeps every message in memory, so the `maxMessageBytes`
 * setting raises it per instance where that is wanted.
 */
export const redisCapabilities: Capabilities = Object.freeze({
  queues: true,
  // Each subscription is a stream of its own, filled by publish in one atomic script (topics.ts).
  topics: true,
  // A stream per partition, entry ids <ms>-<offset> (lua-streams.ts).
  streams: true,
  // One entry per key leased or waiting at a time, the key's later entries parked (lua-inbox.ts).
  orderingKeys: true,
  // notBefore waits in a sorted set; nack with retryAfter keeps the entry pending until then.
  scheduledDelivery: true,
  // Checked when an entry is delivered: an expired one is acknowledged and deleted instead.
  ttl: true,
  // Kept on the broker (the flag's meaning: kernel/capabilities.ts): `<stream>.deadletter`, a
  // stream written by the same Lua script that takes the entry out of the queue (on the receive
  // that finds it past maxDeliveries, or on the last nack), atomically in Redis. Redis Streams
  // have no dead letters of their own.
  nativeDeadLetter: true,
  // SET NX PX of the idempotency key in the same script as the XADD.
  duplicateDetection: true,
  subscriptionFilters: true,
  // Members share partitions through heartbeats and an owner hash (lua-groups.ts, group-consumer.ts).
  consumerGroups: true,
  // The time part of every entry id is its append time: XRANGE from <time>-0.
  streamSeekByTime: true,
  // Each caller reads replies from a queue of its own.
  requestReply: false,
  maxMessageBytes: 1024 * 1024,
});
