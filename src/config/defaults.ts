/**
 * Every default of the configuration, in one place. The loader fills them in and the JSON
 * Schema shows them to editors, both from here, so documentation and behaviour cannot drift.
 */
import type { LogLevel } from './types.js';

const second = 1_000;
const minute = 60 * second;

export const defaults = Object.freeze({
  /** CloudEvents source and default consumer group when neither app.id nor OUTRIGGER_APP_ID is set. */
  appId: 'app',
  /** Loopback: the API is open to whoever reaches it, which by default is only the pod itself. */
  httpAddr: '127.0.0.1:7700',
  grpcAddr: '127.0.0.1:7701',
  /** All interfaces: the kubelet probes and Prometheus scrapes from outside the pod. */
  adminAddr: '0.0.0.0:7702',
  /** All interfaces: Event Grid reaches it from outside the pod (through a Service and an Ingress). */
  webhookAddr: '0.0.0.0:7703',
  /** Dapr's own default HTTP port, on loopback, so an unchanged Dapr SDK finds it. */
  daprHttpAddr: '127.0.0.1:3500',
  /** Dapr's own default gRPC port, likewise. */
  daprGrpcAddr: '127.0.0.1:50001',
  webhook: Object.freeze({
    /** Event Grid's own limit for one delivery (an event or a batch). */
    maxBodyBytes: 1_048_576,
    /** Event Grid retries a delivery for up to 24 hours by default. */
    rememberMs: 24 * 60 * minute,
    /** Accepted event ids kept per webhook, oldest forgotten first. */
    rememberMax: 100_000,
    /** Event Grid waits 30 s for an answer: the app must have answered well before. */
    timeoutMs: 25 * second,
    /** Longest push to the app a webhook allows, so that Event Grid is answered within its 30 s. */
    maxTimeoutMs: 28 * second,
  }),
  /** Large enough for ordinary events, small enough that a burst of requests cannot exhaust memory. */
  maxBodyBytes: 1_048_576,
  /** Beyond this, requests get 429 instead of queueing without bound. */
  maxInFlightRequests: 10_000,
  /** Kubernetes' default terminationGracePeriodSeconds, so in-flight work fits before SIGKILL. */
  gracePeriodMs: 30 * second,
  logLevel: 'info' as LogLevel,
  /** The OpenTelemetry SDK's own defaults, so a collector set up for other services behaves the same. */
  tracing: Object.freeze({
    protocol: 'http/protobuf' as const,
    httpEndpoint: 'http://localhost:4318',
    grpcEndpoint: 'http://localhost:4317',
    /** Keeps the app's sampling decision; a trace the sidecar starts itself is always recorded. */
    sampler: 'parentbased_always_on' as const,
    maxQueueSize: 2_048,
    maxExportBatchSize: 512,
    scheduledDelayMs: 5 * second,
    exportTimeoutMs: 10 * second,
  }),
  /** Relative to the working directory; the embedded broker's file lives here. */
  dataDir: './data',
  /** The embedded broker's file in zero-config development mode, beside (never in) a configured run's outrigger.db. */
  developmentDataFile: 'outrigger-dev.db',
  /** The broker a config file gets when it declares none, and the one zero-config mode runs. */
  brokerName: 'local',
  brokerDriver: 'embedded',
  queue: Object.freeze({
    /** Enough to ride out a restart of the app; a poison message is dead-lettered at once anyway. */
    maxDeliveries: 10,
    /** Renewed while the app works, so it bounds only how long a crashed consumer holds a message. */
    leaseMs: 30 * second,
    /** Covers client retries after timeouts, which is what idempotency keys are for. */
    dedupWindowMs: 10 * minute,
    /** Commands never expire unless the sender or the queue says so. */
    defaultTtlMs: null,
  }),
  stream: Object.freeze({
    /** Parallelism for consumers without making small deployments pay for many partitions. */
    partitions: 4,
    /** A week: long enough to replay after a bad deploy is noticed. */
    retentionMs: 7 * 24 * 60 * minute,
  }),
  /** The policy targets and subscriptions use when they name none; users may redefine it. */
  policyName: 'default',
  policy: Object.freeze({
    /** Per attempt: ordinary service calls answer well within it; a hung target frees its caller. */
    timeoutMs: 30 * second,
    retry: Object.freeze({
      /** One try and two retries: rides out a restarting pod or a dropped keep-alive connection. */
      maxAttempts: 3,
      /** Callers are waiting, so retries start soon; full jitter keeps them from arriving together. */
      initialBackoffMs: 100,
      /** A synchronous caller rarely gains from waiting longer; longer Retry-After is handed back instead. */
      maxBackoffMs: 2 * second,
      budget: Object.freeze({
        /** Linkerd's default: retries add at most 20% to the load on a struggling target. */
        ratio: 0.2,
        /** Lets a quiet caller still retry a few failures when 20% of almost nothing is nothing. */
        minPerSecond: 10,
        /** Long enough to smooth bursts, short enough to follow a change in traffic. */
        windowMs: 10 * second,
      }),
    }),
    circuitBreaker: Object.freeze({
      /** Envoy's outlier-detection default: five failures in a row is no coincidence. */
      consecutiveFailures: 5,
      /** With failureRatio (which has no default: writing it selects that mode), a share of fewer calls is noise. */
      minimumCalls: 20,
      /** With failureRatio: recent enough to reflect the target now, long enough to hold minimumCalls. */
      windowMs: 10 * second,
      /** Short enough to notice a recovered target soon, long enough to let a struggling one recover. */
      halfOpenAfterMs: 5 * second,
    }),
    bulkhead: Object.freeze({
      /** Calls in flight to one target; also the size of its connection pool. */
      maxConcurrent: 100,
      /** Beyond this many waiting calls, queueing only adds latency: callers get 429 instead. */
      maxQueue: 100,
    }),
  }),
  subscription: Object.freeze({
    /** Deliveries in flight to the app per subscription. */
    concurrency: 16,
    ordered: false,
    /** How long the app may take to answer one push before it counts as a failed attempt. */
    timeoutMs: 60 * second,
    /** For topic and stream sources; a queue source inherits its queue's settings instead. */
    maxDeliveries: 10,
    leaseMs: 30 * second,
    /** A new group reads the retained history rather than only what arrives after it starts. */
    start: 'earliest' as 'earliest' | 'latest',
    retry: Object.freeze({
      initialBackoffMs: 200,
      maxBackoffMs: 30 * second,
    }),
  }),
});
