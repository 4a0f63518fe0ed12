/**
 * The shape of the YAML file, as TypeBox: one definition serves as the TypeScript type of the
 * parsed file, the validator start-up runs (generated from it as code by `npm run schema`:
 * validator-code.ts) and the JSON Schema editors complete from. The daemon does not load it.
 * Key names are part of the public contract (PRODUCT.md). Objects refuse unknown keys so that a
 * typo is reported instead of silently ignored; broker settings are checked per driver later.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { defaults } from './defaults.js';
import { resourceNamePattern } from './names.js';
import { pathPattern, urlPattern } from './schema-formats.js';
import { addressPattern, durationPattern, formatDuration, formatSize, sizePattern, streamStartPattern } from './units.js';

function duration(description: string, defaultMs?: number) {
  return Type.Unsafe<string | number>({
    type: ['string', 'integer'],
    pattern: durationPattern.source,
    format: 'duration',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description,
    ...(defaultMs === undefined ? {} : { default: formatDuration(defaultMs) }),
  });
}

function size(description: string, defaultBytes: number) {
  return Type.Unsafe<string | number>({
    type: ['string', 'integer'],
    pattern: sizePattern.source,
    format: 'size',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description,
    default: formatSize(defaultBytes),
  });
}

function address(description: string, defaultAddress: string) {
  return Type.String({ pattern: addressPattern.source, description, default: defaultAddress });
}

function name(description: string) {
  return Type.String({ pattern: resourceNamePattern.source, description });
}

function oneOf<const T extends string>(values: readonly T[], description: string, defaultValue?: T) {
  return Type.Unsafe<T>({ type: 'string', enum: values, description, ...(defaultValue === undefined ? {} : { default: defaultValue }) });
}

/** A map keyed by logical name; names that break the naming rule are refused like unknown keys. */
function named<T extends TSchema>(value: T, description: string) {
  return Type.Record(Type.String({ pattern: resourceNamePattern.source }), value, { additionalProperties: false, description });
}

const closed = { additionalProperties: false } as const;

const brokerRef = name('Broker (a key of `brokers`) that holds it; default: `defaultBroker`.');
const entity = Type.String({ minLength: 1, description: 'Name of the entity on the broker; default: the logical name (the key).' });
const maxDeliveries = (description: string) => Type.Integer({ minimum: 1, description });
const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const appSchema = Type.Object(
  {
    id: Type.Optional(Type.String({
      pattern: resourceNamePattern.source,
      description: `This application's id: CloudEvents source and default stream consumer group. OUTRIGGER_APP_ID overrides it; default "${defaults.appId}".`,
    })),
    url: Type.Optional(Type.String({
      pattern: urlPattern,
      description: 'Base URL of the application; subscriptions POST to this URL plus their `deliver` path. Required when there are subscriptions. OUTRIGGER_APP_URL overrides it.',
    })),
  },
  { ...closed, description: 'The application this sidecar serves.' },
);

export const serverSchema = Type.Object(
  {
    httpAddr: Type.Optional(address('HTTP API listen address (OUTRIGGER_HTTP_ADDR overrides it).', defaults.httpAddr)),
    grpcAddr: Type.Optional(address('gRPC API listen address (OUTRIGGER_GRPC_ADDR overrides it).', defaults.grpcAddr)),
    adminAddr: Type.Optional(address('Admin listen address: /healthz, /readyz, /metrics (OUTRIGGER_ADMIN_ADDR overrides it).', defaults.adminAddr)),
    webhookAddr: Type.Optional(address('Webhook listen address, where Event Grid pushes to /webhooks/<name>; it listens only when `webhooks` are configured (OUTRIGGER_WEBHOOK_ADDR overrides it).', defaults.webhookAddr)),
    apiToken: Type.Optional(Type.String({
      minLength: 1,
      description: 'When set, every API call must carry `Authorization: Bearer <token>`. Use ${ENV} or ${file:/path}; OUTRIGGER_API_TOKEN overrides it.',
    })),
    allowRemoteWithoutToken: Type.Optional(Type.Boolean({
      description:
        'Lets httpAddr or grpcAddr listen beyond loopback without apiToken: anyone who can reach the port can then send, receive and settle. Off by default, so such a start is refused (OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN=true overrides it).',
      default: false,
    })),
    maxBodyBytes: Type.Optional(size('Largest request body accepted; larger ones get 413.', defaults.maxBodyBytes)),
    maxInFlightRequests: Type.Optional(Type.Integer({
      minimum: 1,
      description: 'API requests in flight before new ones get 429.',
      default: defaults.maxInFlightRequests,
    })),
  },
  { ...closed, description: 'Listen addresses and API limits.' },
);

export const brokerSchema = Type.Object(
  {
    driver: Type.String({ minLength: 1, description: 'Which broker driver to use, e.g. embedded.' }),
    policy: Type.Optional(
      name(
        'Resilience policy (a key of `policies`) for operations on this broker: timeout per attempt, retries of what is safe to repeat, circuit breaker, bulkhead. Default: the built-in broker policy (10 s per attempt, up to 3 attempts, breaker open after 5 failures in a row for 5 s).',
      ),
    ),
  },
  { additionalProperties: true, description: "A broker connection: `driver` plus that driver's own settings." },
);

export const queueSchema = Type.Object(
  {
    broker: Type.Optional(brokerRef),
    entity: Type.Optional(entity),
    maxDeliveries: Type.Optional(maxDeliveries(`Deliveries before a message is dead-lettered; default ${defaults.queue.maxDeliveries}.`)),
    lease: Type.Optional(duration('Lock held on a received message; renewed while a push is in progress.', defaults.queue.leaseMs)),
    dedupWindow: Type.Optional(duration('Window within which a repeated Idempotency-Key is suppressed.', defaults.queue.dedupWindowMs)),
    ttl: Type.Optional(duration('Commands sent without Outrigger-TTL expire after this; default: never.')),
  },
  { ...closed, description: 'A queue for commands: each message is handled by exactly one consumer.' },
);

export const topicSchema = Type.Object(
  { broker: Type.Optional(brokerRef), entity: Type.Optional(entity) },
  { ...closed, description: 'A topic for events: every subscription gets its own copy.' },
);

export const streamSchema = Type.Object(
  {
    broker: Type.Optional(brokerRef),
    entity: Type.Optional(entity),
    partitions: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024, description: 'Number of partitions.', default: defaults.stream.partitions })),
    retention: Type.Optional(duration('How long events are kept.', defaults.stream.retentionMs)),
  },
  { ...closed, description: 'An ordered, partitioned, retained event log.' },
);

const policyRef = (what: string) =>
  name(`Resilience policy (a key of \`policies\`) for ${what}; default: "${defaults.policyName}".`);
const targetTimeout = duration("Timeout of one attempt; default: the policy's timeout.");

export const targetSchema = Type.Union(
  [
    Type.Object(
      {
        via: Type.Optional(oneOf(['http'], 'How the target is reached: direct HTTP (the default).')),
        url: Type.String({ pattern: urlPattern, description: 'Base URL of the service; /v1/query/<target>/<path> goes to this URL plus <path>.' }),
        timeout: Type.Optional(targetTimeout),
        policy: Type.Optional(policyRef('calls to this target')),
      },
      { ...closed, description: 'A service reached by direct HTTP.' },
    ),
    Type.Object(
      {
        via: oneOf(['queue'], 'Request/reply over a queue: a sidecar with a `serve: true` subscription on the queue answers.'),
        queue: name('Queue (a key of `queues`) the requests are sent to.'),
        timeout: Type.Optional(targetTimeout),
        policy: Type.Optional(policyRef('calls to this target')),
      },
      { ...closed, description: 'A service reached by request/reply over a queue.' },
    ),
  ],
  { description: 'A service reachable by query; only configured targets are reachable. Either {url} or {via: queue, queue}.' },
);

const policySchema = Type.Object(
  {
    timeout: Type.Optional(duration('Timeout of one attempt.', defaults.policy.timeoutMs)),
    retry: Type.Optional(Type.Object(
      {
        maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Attempts in all, the first included; 1: never retry.', default: defaults.policy.retry.maxAttempts })),
        initialBackoff: Type.Optional(duration('Ceiling of the first wait; doubles per retry, with full jitter.', defaults.policy.retry.initialBackoffMs)),
        maxBackoff: Type.Optional(duration('Longest wait between attempts; a longer Retry-After is answered, not waited for.', defaults.policy.retry.maxBackoffMs)),
        budget: Type.Optional(Type.Object(
          {
            ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Retries may add at most this fraction of the calls in the window.', default: defaults.policy.retry.budget.ratio })),
            minPerSecond: Type.Optional(Type.Number({ minimum: 0, description: 'Retries per second always allowed, whatever the ratio.', default: defaults.policy.retry.budget.minPerSecond })),
            window: Type.Optional(duration('Sliding window over which calls and retries are counted.', defaults.policy.retry.budget.windowMs)),
          },
          { ...closed, description: 'Retry budget: retries never multiply the load on a failing target.' },
        )),
      },
      { ...closed, description: 'Retries: only idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or calls with Idempotency-Key; on connection errors, attempt timeouts, 429, 502, 503, 504.' },
    )),
    circuitBreaker: Type.Optional(Type.Object(
      {
        consecutiveFailures: Type.Optional(Type.Integer({ minimum: 1, description: 'Opens after this many failures in a row (the default mode).', default: defaults.policy.circuitBreaker.consecutiveFailures })),
        failureRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Instead: opens when at least this fraction of the calls in the window failed.' })),
        minimumCalls: Type.Optional(Type.Integer({ minimum: 1, description: 'With failureRatio: calls in the window before the ratio counts.', default: defaults.policy.circuitBreaker.minimumCalls })),
        window: Type.Optional(duration('With failureRatio: the sliding window.', defaults.policy.circuitBreaker.windowMs)),
        halfOpenAfter: Type.Optional(duration('Time open before one probe call is let through.', defaults.policy.circuitBreaker.halfOpenAfterMs)),
      },
      { ...closed, description: 'Fails calls fast (503 circuit_open) while the target keeps failing (5xx, timeouts, connection errors).' },
    )),
    bulkhead: Type.Optional(Type.Object(
      {
        maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Calls in flight to the target at once.', default: defaults.policy.bulkhead.maxConcurrent })),
        maxQueue: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Calls waiting for a slot; beyond it, 429 back_pressure.', default: defaults.policy.bulkhead.maxQueue })),
      },
      { ...closed, description: 'Concurrency limit per target.' },
    )),
  },
  { ...closed, description: 'A resilience policy; every key left out takes the built-in default.' },
);

const topicFilterSchema = Type.Object(
  {
    type: Type.Optional(Type.Unsafe<string | string[]>({
      type: ['string', 'array'],
      minLength: 1,
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      description: 'CloudEvents type, or a list of types, that an event must have.',
    })),
    subjectPrefix: Type.Optional(Type.String({ minLength: 1, description: 'CloudEvents subject must start with this.' })),
  },
  { ...closed, description: 'Only events matching every given condition are delivered.' },
);

export const webhookSchema = Type.Object(
  {
    kind: oneOf(['eventgrid'], 'Who pushes to it: eventgrid (Azure Event Grid, either schema, with its validation handshakes).'),
    secret: Type.Optional(Type.String({
      minLength: 16,
      description: 'Shared secret Event Grid sends as ?code=<secret> in the endpoint URL or the aeg-delivery-secret header; use ${ENV}. Give secret or entra.',
    })),
    entra: Type.Optional(Type.Object(
      {
        tenantId: Type.String({ minLength: 1, description: 'Directory (tenant) id whose keys sign the tokens.' }),
        audience: Type.String({ minLength: 1, description: 'The token audience: the application id URI or client id of the app registration Event Grid gets tokens for.' }),
        issuer: Type.Optional(Type.String({ minLength: 1, description: 'Accepted token issuer; default both https://sts.windows.net/<tenantId>/ and https://login.microsoftonline.com/<tenantId>/v2.0.' })),
        jwksUri: Type.Optional(Type.String({ pattern: urlPattern, description: "Where the signing keys are; default https://login.microsoftonline.com/<tenantId>/discovery/v2.0/keys (sovereign clouds and tests set their own)." })),
      },
      { ...closed, description: 'Event Grid sends an Entra ID bearer token: its issuer, audience, signature (the tenant\'s keys, cached) and expiry are checked.' },
    )),
    maxBodyBytes: Type.Optional(size('Largest delivery accepted; larger ones get 413 (Event Grid does not retry it).', defaults.webhook.maxBodyBytes)),
    remember: Type.Optional(duration('How long accepted event ids are remembered, so that a batch Event Grid retries does not push them again.', defaults.webhook.rememberMs)),
    rememberMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'Accepted event ids remembered at most (oldest forgotten first).', default: defaults.webhook.rememberMax })),
  },
  { ...closed, description: 'An endpoint Event Grid pushes events to: POST /webhooks/<name> on server.webhookAddr, authenticated by secret or Entra ID token.' },
);

export const subscriptionSourceSchema = Type.Union(
  [
    Type.Object({ queue: name('Queue (a key of `queues`) to consume.') }, { ...closed, description: 'Consume a queue.' }),
    Type.Object(
      { topic: name('Topic (a key of `topics`) to subscribe to.'), filter: Type.Optional(topicFilterSchema) },
      { ...closed, description: 'Subscribe to a topic.' },
    ),
    Type.Object(
      {
        stream: name('Stream (a key of `streams`) to consume.'),
        group: Type.Optional(name('Consumer group; partitions are shared among its members. Default: app.id.')),
        start: Type.Optional(Type.String({
          pattern: streamStartPattern.source,
          format: 'stream-start',
          description: 'Where a group without a checkpoint starts: earliest, latest, or an RFC 3339 time such as 2026-11-01T00:00:00Z (the first event enqueued at or after it).',
          default: defaults.subscription.start,
        })),
      },
      { ...closed, description: 'Consume a stream as a member of a consumer group.' },
    ),
    Type.Object(
      { webhook: name('Webhook (a key of `webhooks`) whose events are pushed to the app.'), filter: Type.Optional(topicFilterSchema) },
      { ...closed, description: 'Events Event Grid pushes to a webhook; needs deliver.' },
    ),
  ],
  { description: 'Where messages come from: exactly one of {queue}, {topic, filter}, {stream, group, start} or {webhook, filter}.' },
);

export const subscriptionSchema = Type.Object(
  {
    name: name('Unique name of this subscription; also its subscription name on the topic.'),
    from: subscriptionSourceSchema,
    deliver: Type.Optional(Type.String({
      pattern: pathPattern,
      description: 'Path on the app (appended to app.url) that each message is POSTed to; with serve: true, the base path requests go under. Omitted: nothing is pushed, and the app consumes the subscription over gRPC (ConsumeService) with no port of its own.',
    })),
    concurrency: Type.Optional(Type.Integer({
      minimum: 1,
      maximum: 1024,
      description: 'Deliveries in flight to the app at once.',
      default: defaults.subscription.concurrency,
    })),
    ordered: Type.Optional(Type.Boolean({
      description: 'One message at a time per ordering key, keys in parallel.',
      default: defaults.subscription.ordered,
    })),
    maxDeliveries: Type.Optional(maxDeliveries(`Deliveries before dead-lettering; default: the queue's, or ${defaults.subscription.maxDeliveries}.`)),
    lease: Type.Optional(duration(`Lock on a message being delivered; default: the queue's, or ${formatDuration(defaults.subscription.leaseMs)}.`)),
    timeout: Type.Optional(duration('How long the app may take to answer one delivery.', defaults.subscription.timeoutMs)),
    retry: Type.Optional(Type.Object(
      {
        initialBackoff: Type.Optional(duration('Wait before the first retry; doubles each time, with jitter.', defaults.subscription.retry.initialBackoffMs)),
        maxBackoff: Type.Optional(duration('Longest wait between retries.', defaults.subscription.retry.maxBackoffMs)),
      },
      { ...closed, description: 'Backoff between failed deliveries (408, 429, 5xx, timeouts).' },
    )),
     policy: Type.Optional(policyRef('deliveries to the app (its circuit breaker applies)')),
    serve: Type.Optional(Type.Boolean({
      description: 'The queue carries queries (targets with via: queue): each is sent to the app as its own HTTP request under `deliver`, and the answer is sent back as the reply.',
      default: false,
    })),
  },
  { ...closed, description: 'Push delivery of messages to the app.' },
);

export const daprSchema = Type.Object(
  {
    httpAddr: Type.Optional(address('Dapr-compatible HTTP API listen address (OUTRIGGER_DAPR_HTTP_ADDR overrides it).', defaults.daprHttpAddr)),
    httpPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Shorthand for httpAddr 127.0.0.1:<port>, as DAPR_HTTP_PORT; give one or the other.' })),
    grpcAddr: Type.Optional(address('Dapr-compatible gRPC API (dapr.proto.runtime.v1.Dapr) listen address (OUTRIGGER_DAPR_GRPC_ADDR overrides it).', defaults.daprGrpcAddr)),
    grpcPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Shorthand for grpcAddr 127.0.0.1:<port>, as DAPR_GRPC_PORT; give one or the other.' })),
    appProtocol: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('grpc')], {
      description: "How the app is reached, as Dapr's --app-protocol: `http` (GET /dapr/subscribe, deliveries POSTed to its routes) or `grpc` (the AppCallback service at app.url's host and port).",
      default: 'http',
    })),
    resourcesPath: Type.Optional(Type.String({
      minLength: 1,
      description: "Folder of Dapr resource YAML files, as Dapr's --resources-path (relative to this file): each pubsub `Component` becomes a broker and a `dapr.pubsubs` entry of its name, and its `Subscription` resources (dapr.io/v2alpha1 or v1alpha1) are declarative subscriptions.",
    })),
    pubsubs: Type.Optional(named(
      Type.Object({ broker: name('Broker (a key of `brokers`) whose topics this pubsub publishes to; each Dapr topic is an Outrigger topic of the same name there.') }, closed),
      'Dapr pubsub component names, each mapped to an Outrigger broker.',
    )),
    apiToken: Type.Optional(Type.String({ minLength: 1, description: 'When set, every Dapr API call must carry it as the `dapr-api-token` header (DAPR_API_TOKEN in the SDKs).' })),
    appToken: Type.Optional(Type.String({ minLength: 1, description: 'Sent to the app as `dapr-api-token` on every delivery and on GET /dapr/subscribe (APP_API_TOKEN in Dapr).' })),
  },
  { ...closed, description: 'The Dapr-compatible API (docs/dapr.md); off unless this block is present.' },
);

export const tracingSamplers = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

export const tracingSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Turns tracing on with the default endpoint, or off even when an endpoint is set (OTEL_SDK_DISABLED=true also turns it off). Default: on when an endpoint is set.' })),
    endpoint: Type.Optional(Type.String({
      pattern: urlPattern,
      description: `OTLP collector base URL; /v1/traces is appended for http/protobuf (OTEL_EXPORTER_OTLP_ENDPOINT overrides it). Default ${defaults.tracing.httpEndpoint}, or ${defaults.tracing.grpcEndpoint} for grpc.`,
    })),
    tracesEndpoint: Type.Optional(Type.String({ pattern: urlPattern, description: 'Full OTLP traces URL, used as it is; wins over `endpoint` (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT overrides it).' })),
    protocol: Type.Optional(oneOf(['http/protobuf', 'grpc'] as const, 'OTLP transport (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL overrides it).', defaults.tracing.protocol)),
    serviceName: Type.Optional(Type.String({ minLength: 1, description: 'service.name of the spans (OTEL_SERVICE_NAME overrides it). Default: app.id.' })),
    sampler: Type.Optional(oneOf(tracingSamplers, 'Which traces are recorded (OTEL_TRACES_SAMPLER overrides it); parentbased_* keep the caller\'s decision.', defaults.tracing.sampler)),
    samplerArg: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Ratio for the traceidratio samplers, 0 to 1 (OTEL_TRACES_SAMPLER_ARG overrides it). Default 1.' })),
    resourceAttributes: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String(), {
      description: 'Extra resource attributes, e.g. deployment.environment.name: prod (OTEL_RESOURCE_ATTRIBUTES adds to and overrides them).',
    })),
    maxQueueSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Finished spans waiting for export; beyond it spans are dropped and counted, never waited for (OTEL_BSP_MAX_QUEUE_SIZE overrides it).', default: defaults.tracing.maxQueueSize })),
    maxExportBatchSize: Type.Optional(Type.Integer({ minimum: 1, description: 'Spans per export request (OTEL_BSP_MAX_EXPORT_BATCH_SIZE overrides it).', default: defaults.tracing.maxExportBatchSize })),
    scheduledDelay: Type.Optional(duration('Longest a finished span waits before its batch is exported (OTEL_BSP_SCHEDULE_DELAY overrides it).', defaults.tracing.scheduledDelayMs)),
    exportTimeout: Type.Optional(duration('Longest one export request may take (OTEL_BSP_EXPORT_TIMEOUT overrides it).', defaults.tracing.exportTimeoutMs)),
  },
  { ...closed, description: 'OpenTelemetry traces exported over OTLP (docs/observability.md); off unless an endpoint is set or enabled is true. The standard OTEL_* variables override these keys.' },
);

export const configFileSchema = Type.Object(
  {
    app: Type.Optional(appSchema),
    server: Type.Optional(serverSchema),
    shutdown: Type.Optional(Type.Object(
      { gracePeriod: Type.Optional(duration('Time to finish in-flight work after SIGTERM.', defaults.gracePeriodMs)) },
      { ...closed, description: 'Graceful shutdown.' },
    )),
    logging: Type.Optional(Type.Object(
      { level: Type.Optional(oneOf(logLevels, 'Least severe level logged (OUTRIGGER_LOG_LEVEL overrides it).', defaults.logLevel)) },
      { ...closed, description: 'Structured JSON logs on stdout.' },
    )),
    dataDir: Type.Optional(Type.String({
      minLength: 1,
      description: 'Directory of the embedded broker file (OUTRIGGER_DATA_DIR overrides it).',
      default: defaults.dataDir,
    })),
    development: Type.Optional(Type.Boolean({
      description: 'Create unknown queues, topics and streams on first use. On without a config file.',
      default: false,
    })),
    brokers: Type.Optional(named(brokerSchema, `Broker connections by name. Default: one embedded broker named "${defaults.brokerName}".`)),
    defaultBroker: Type.Optional(name(`Broker for resources that name none. Default: the only broker, else "${defaults.brokerName}", else the first embedded one.`)),
    queues: Type.Optional(named(queueSchema, 'Queues for commands, by logical name.')),
    topics: Type.Optional(named(topicSchema, 'Topics for events, by logical name.')),
    streams: Type.Optional(named(streamSchema, 'Streams, by logical name.')),
    targets: Type.Optional(named(targetSchema, 'Services reachable by query, by logical name.')),
    webhooks: Type.Optional(named(webhookSchema, 'Endpoints Event Grid pushes to, by name (POST /webhooks/<name> on server.webhookAddr).')),
    policies: Type.Optional(named(policySchema, `Resilience policies by name, used by targets and subscriptions; "${defaults.policyName}" applies when none is named.`)),
    subscriptions: Type.Optional(Type.Array(subscriptionSchema, { description: 'Messages pushed to the app.' })),
    dapr: Type.Optional(daprSchema),
    tracing: Type.Optional(tracingSchema),
  },
  {
    ...closed,
    // As in Compose files: somewhere to put YAML anchors (`x-push: &push {...}`) that is not a typo.
    patternProperties: { '^x-': { description: 'Ignored; a place for YAML anchors shared by other entries.' } },
    description: 'Outrigger sidecar configuration.',
  },
);

/** The file as written, after ${...} substitution and environment overrides. */
export type ConfigFile = Static<typeof configFileSchema>;
export type SubscriptionSourceFile = Static<typeof subscriptionSourceSchema>;
export type PolicyFile = Static<typeof policySchema>;
export type TargetFile = Static<typeof targetSchema>;
export type WebhookFile = Static<typeof webhookSchema>;
export type TracingFile = Static<typeof tracingSchema>;
