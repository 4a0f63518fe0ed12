/**
 * The API's limits, the same over HTTP and gRPC. Each adapter words its refusal for its own
 * fields, but the numbers are these.
 */

/** Events in one publish batch. */
export const maxBatchEntries = 10_000;

/** The longest a nack may put a message off: 7 days. */
export const maxRetryAfterMs = 7 * 24 * 3600_000;

/** Characters in a nack's reason. */
export const maxReasonLength = 1024;

/** Deliveries in one pull (receive). */
export const maxReceive = 1000;

/** How long one pull (receive) may wait for messages. */
export const maxReceiveWaitMs = 60_000;

/** Credits of one Consume stream: the most unsettled deliveries it may hold. */
export const maxConsumeCredits = 1000;
