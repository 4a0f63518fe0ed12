/**
 * The resolved configuration every other module reads: defaults filled in, durations in
 * milliseconds, sizes in bytes, environment overrides applied, cross-references checked.
 * Produced only by loadConfig(); frozen deeply.
 */
import type { TopicFilter } from '../kernel/messages.js';
import type { StreamStart } from '../kernel/streams.js';

export interface OutriggerConfig {
  app: AppConfig;
  server: ServerConfig;
  shutdown: { gracePeriodMs: number };
  logging: { level: LogLevel };
  /** Where the embedded broker keeps its file. */
  dataDir: string;
  /** True with no config file, or with `development: true`: unknown resources are created on first use. */
  development: boolean;
  /** Path of the file it was read from, or null in zero-config development mode. */
  source: string | null;
  brokers: Record<string, BrokerConfig>;
  /** The broker used by resources that name none. */
  defaultBroker: string;
  queues: Record<string, QueueConfig>;
  topics: Record<string, TopicConfig>;
  streams: Record<string, StreamConfig>;
  targets: Record<string, TargetConfig>;
  /** Resilience policies by name; `default` is always present. */
  policies: Record<string, PolicyConfig>;
  subscriptions: SubscriptionConfig[];
  /**
   * Webhooks Event Grid pushes to (server.webhookAddr), each with the subscriptions that read it.
   * Present only when some are configured; their subscriptions are not in `subscriptions`.
   */
  webhooks?: Record<string, WebhookConfig>;
  /** The Dapr-compatible API; present only when configured. */
  dapr?: DaprConfig;
  /** OpenTelemetry tracing; present only when it is on. */
  tracing?: TracingConfig;
}

export type TracingSampler = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TracingConfig {
  protocol: 'http/protobuf' | 'grpc';
  /** The URL export requests go to, resolved from tracesEndpoint, endpoint and the protocol's default. */
  url: string;
  serviceName: string;
  sampler: TracingSampler;
  /** Ratio for the traceidratio samplers. */
  samplerArg: number;
  resourceAttributes: Record<string, string>;
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  exportTimeoutMs: number;
}

export interface DaprConfig {
  /** host:port */
  httpAddr: string;
  /** host:port of the dapr.proto.runtime.v1.Dapr gRPC service. */
  grpcAddr: string;
  /** How the app takes deliveries and lists its subscriptions: Dapr's --app-protocol. */
  appProtocol: 'http' | 'grpc';
  /** Folder of Dapr resource YAML (declarative Subscriptions), as Dapr's --resources-path; null: none. */
  resourcesPath: string | null;
  /** Dapr pubsub component name → the Outrigger broker its topics live on. */
  pubsubs: Record<string, { broker: string }>;
  /** Required as the `dapr-api-token` header when set. */
  apiToken: string | null;
  /** Sent to the app as `dapr-api-token` when set. */
  appToken: string | null;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface AppConfig {
  /** CloudEvents `source`, default consumer group. */
  id: string;
  /** Base URL pushes go to; null when the app receives nothing by push. */
  url: string | null;
}

export interface ServerConfig {
  /** host:port */
  httpAddr: string;
  grpcAddr: string;
  adminAddr: string;
  /** Required as `Authorization: Bearer <token>` on every API route when set. */
  apiToken: string | null;
  /** The API may listen beyond loopback without a token (refused at start-up otherwise). */
  allowRemoteWithoutToken: boolean;
  /** Largest request body accepted; 413 beyond it. */
  maxBodyBytes: number;
  /** API requests in flight before new ones get 429. */
  maxInFlightRequests: number;
  /** host:port of the webhook listener; set only when given (file or OUTRIGGER_WEBHOOK_ADDR). */
  webhookAddr?: string;
}

export interface BrokerConfig {
  driver: string;
  /** A key of `policies`; absent: the built-in broker policy. */
  policy?: string;
  /** Driver-specific settings, validated by the driver's own schema. */
  settings: Record<string, unknown>;
}

export interface InboxDefaults {
  maxDeliveries: number;
  leaseMs: number;
}

export interface QueueConfig extends InboxDefaults {
  broker: string;
  /** Name of the entity on the broker; defaults to the logical name. */
  entity: string;
  dedupWindowMs: number;
  /** Applied to commands that carry no Outrigger-TTL; null: never expire. */
  defaultTtlMs: number | null;
}

export interface TopicConfig {
  broker: string;
  entity: string;
}

export interface StreamConfig {
  broker: string;
  entity: string;
  partitions: number;
  retentionMs: number;
}

/** A query target: direct HTTP to `url`, or request/reply over the queue `queue`. */
export type TargetConfig =
  | { via: 'http'; url: string; timeoutMs: number; policy: string }
  | { via: 'queue'; queue: string; timeoutMs: number; policy: string };

/** Resilience policy (src/core/resilience); every field resolved from the built-in defaults. */
export interface PolicyConfig {
  /** One attempt's timeout; a target's own `timeout` wins over it. */
  timeoutMs: number;
  retry: {
    /** Attempts in all, the first included; 1 means no retries. */
    maxAttempts: number;
    initialBackoffMs: number;
    maxBackoffMs: number;
    budget: { ratio: number; minPerSecond: number; windowMs: number };
  };
  circuitBreaker: CircuitBreakerConfig;
  bulkhead: { maxConcurrent: number; maxQueue: number };
}

export type CircuitBreakerConfig =
  | { mode: 'consecutive'; consecutiveFailures: number; halfOpenAfterMs: number }
  | { mode: 'ratio'; failureRatio: number; minimumCalls: number; windowMs: number; halfOpenAfterMs: number };

export type SubscriptionSource =
  | { kind: 'queue'; queue: string }
  | { kind: 'topic'; topic: string; filter: TopicFilter | null }
  | { kind: 'stream'; stream: string; group: string; start: StreamStart };

export interface RetryConfig {
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface SubscriptionConfig extends InboxDefaults {
  name: string;
  from: SubscriptionSource;
  /** Path on the app (appended to app.url) that receives the POST; null: not pushed, consumed over gRPC only. */
  deliver: string | null;
  concurrency: number;
  /** One message at a time per ordering key, keys in parallel. */
  ordered: boolean;
  /** How long the app may take to answer one delivery. */
  timeoutMs: number;
  retry: RetryConfig;
  /** Name of the policy (a key of `policies`) whose circuit breaker guards deliveries to the app. */
  policy: string;
  /** Messages are queries (request/reply): each is sent to the app as the original HTTP request and the answer is the reply. */
  serve: boolean;
}

/** A subscription that Outrigger pushes to the app. */
export type PushSubscriptionConfig = SubscriptionConfig & { deliver: string };

/** How a webhook's caller proves it is Event Grid: a shared secret, or an Entra ID token. */
export type WebhookAuth =
  | { kind: 'secret'; secret: string }
  /** Tokens signed by the tenant's keys (`jwksUri`), issued by one of `issuers`, for `audience`. */
  | { kind: 'entra'; tenantId: string; audience: string; issuers: string[]; jwksUri: string };

export interface WebhookConfig {
  kind: 'eventgrid';
  auth: WebhookAuth;
  maxBodyBytes: number;
  /** How long, and how many, accepted event ids are remembered so a retried batch skips them. */
  rememberMs: number;
  rememberMax: number;
  subscriptions: WebhookSubscriptionConfig[];
}

/** A subscription fed by a webhook: each matching event is pushed to the app as it arrives. */
export interface WebhookSubscriptionConfig {
  name: string;
  filter: TopicFilter | null;
  deliver: string;
  concurrency: number;
  timeoutMs: number;
}
