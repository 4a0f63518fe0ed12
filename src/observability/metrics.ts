/**
 * Every Prometheus metric the sidecar exports, defined in this one module so names, labels
 * and help texts stay consistent. All names start with `outrigger_`.
 */
import { collectProcessMetrics } from './process-metrics.js';
import { Counter, Gauge, Histogram, Registry } from './prom-client.js';

/** Latency buckets in seconds, from 100 µs to 30 s: sidecar overheads live at the low end. */
const latencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * How a delivery ended, in the same words on every delivery path (push from a queue, a topic
 * subscription or a stream, and Consume), so one dashboard query covers them all. `released`:
 * given back without counting an attempt (shutdown, an open circuit, a vanished Consume client).
 */
export const deliveryOutcomes = ['ack', 'retry', 'dead_letter', 'released', 'lease_lost', 'settle_failed'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

export class Metrics {
  readonly registry = new Registry();

  readonly apiRequests = new Counter({
    name: 'outrigger_api_requests_total',
    help: 'API requests by interaction, resource and outcome (ok or an error code).',
    labelNames: ['protocol', 'interaction', 'resource', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly apiLatency = new Histogram({
    name: 'outrigger_api_request_duration_seconds',
    help: 'API request latency by interaction, resource and outcome.',
    labelNames: ['protocol', 'interaction', 'resource', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly apiInFlight = new Gauge({
    name: 'outrigger_api_requests_in_flight',
    help: 'API requests being handled now.',
    registers: [this.registry],
  });

  readonly brokerLatency = new Histogram({
    name: 'outrigger_broker_operation_duration_seconds',
    help: 'Broker operation latency by broker, operation and outcome.',
    labelNames: ['broker', 'operation', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly brokerRetries = new Counter({
    name: 'outrigger_broker_retries_total',
    help: 'Broker operations repeated after a retriable failure (only operations safe to repeat), by broker and reason.',
    labelNames: ['broker', 'reason'] as const,
    registers: [this.registry],
  });

  readonly brokerRejections = new Counter({
    name: 'outrigger_broker_rejections_total',
    help: "Broker operations refused before reaching the broker, by broker and why: circuit_open, back_pressure (the broker policy's bulkhead).",
    labelNames: ['broker', 'why'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'outrigger_deliveries_total',
    help: `Push deliveries to the app by subscription and outcome (${deliveryOutcomes.join(', ')}).`,
    labelNames: ['subscription', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveryLatency = new Histogram({
    name: 'outrigger_delivery_duration_seconds',
    help: 'Time the app took to answer a push delivery.',
    labelNames: ['subscription'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly retries = new Counter({
    name: 'outrigger_retries_total',
    help: 'Deliveries scheduled for another attempt, by subscription and reason.',
    labelNames: ['subscription', 'reason'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'outrigger_dead_letters_total',
    help: 'Messages dead-lettered by the sidecar, by subscription and reason.',
    labelNames: ['subscription', 'reason'] as const,
    registers: [this.registry],
  });

  readonly inFlightDeliveries = new Gauge({
    name: 'outrigger_deliveries_in_flight',
    help: 'Push deliveries the app is working on now.',
    labelNames: ['subscription'] as const,
    registers: [this.registry],
  });

  readonly consumeStreams = new Gauge({
    name: 'outrigger_consume_streams',
    help: 'Open Consume streams (gRPC) by source kind (queue, topic, stream).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly consumeDeliveries = new Counter({
    name: 'outrigger_consume_deliveries_total',
    help: `Consume stream deliveries by source and outcome (delivered, ${deliveryOutcomes.join(', ')}): delivered counts deliveries handed to the stream, the others how each ended, in the words push uses.`,
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly brokerEvents = new Counter({
    name: 'outrigger_broker_events_total',
    help: 'Events a driver handled by itself, by broker and event (Service Bus: message_locks_lost, leases_expired, session_locks_lost, receivers_stalled, receivers_replaced, server_busy).',
    labelNames: ['broker', 'event'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'outrigger_queue_depth',
    help: 'Messages in a queue or subscription by state (ready, in_flight, dead_lettered), where the broker can tell.',
    labelNames: ['resource', 'state'] as const,
    registers: [this.registry],
  });

  readonly streamLag = new Gauge({
    name: 'outrigger_stream_consumer_lag',
    help: 'Events not yet checkpointed by a consumer group, per partition.',
    labelNames: ['stream', 'group', 'partition'] as const,
    registers: [this.registry],
  });

  readonly targetRequests = new Counter({
    name: 'outrigger_target_requests_total',
    help: 'Query calls to a target by outcome: the status class answered (2xx..5xx) or an error code (timeout, circuit_open, back_pressure, target_unavailable).',
    labelNames: ['target', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly targetLatency = new Histogram({
    name: 'outrigger_target_request_duration_seconds',
    help: 'Query call latency to a target, retries and waits included, until the answer starts, by outcome.',
    labelNames: ['target', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly targetRetries = new Counter({
    name: 'outrigger_target_retries_total',
    help: 'Query attempts repeated, by target and reason (e.g. 503, timeout, ECONNRESET).',
    labelNames: ['target', 'reason'] as const,
    registers: [this.registry],
  });

  readonly targetRetriesSkipped = new Counter({
    name: 'outrigger_target_retries_skipped_total',
    help: 'Retriable query attempts not repeated, by target and why: budget (retry budget spent), deadline, retry_after (longer than maxBackoff).',
    labelNames: ['target', 'why'] as const,
    registers: [this.registry],
  });

  readonly circuitState = new Gauge({
    name: 'outrigger_circuit_state',
    help: 'Circuit breaker state per target, subscription or broker: 0 closed, 1 half-open, 2 open.',
    labelNames: ['scope', 'name'] as const,
    registers: [this.registry],
  });

  readonly bulkheadRejections = new Counter({
    name: 'outrigger_bulkhead_rejections_total',
    help: 'Query calls refused with 429 because the target had maxConcurrent calls in flight and maxQueue waiting.',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });

  readonly replyWait = new Histogram({
    name: 'outrigger_reply_wait_seconds',
    help: 'Request/reply over queues: time from sending a request to its reply (or giving up), by target and outcome (replied, timeout, aborted).',
    labelNames: ['target', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly repliesDropped = new Counter({
    name: 'outrigger_replies_dropped_total',
    help: 'Replies dropped by the caller: late (the caller stopped waiting), duplicate (already answered), unknown (no such request), malformed.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly requestsServed = new Counter({
    name: 'outrigger_requests_served_total',
    help: 'Request/reply over queues, responder side: requests by subscription and outcome (replied, expired, malformed, released, reply_failed).',
    labelNames: ['subscription', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly traceSpansDropped = new Counter({
    name: 'outrigger_trace_spans_dropped_total',
    help: 'Finished spans not exported, by reason: queue_full (the export queue, tracing.maxQueueSize, was full) or export_failed (the collector refused or did not answer in time). Messages are never held up for spans.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly ready = new Gauge({
    name: 'outrigger_ready',
    help: '1 when brokers are connected and subscriptions are running, else 0.',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectProcessMetrics(this.registry, 'outrigger_');
  }
}
