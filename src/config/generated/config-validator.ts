/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from src/config/schema.ts: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../schema-formats.js';
const require = createRequire(import.meta.url);

export const config = validate10;
const schema11 = {"additionalProperties":false,"patternProperties":{"^x-":{"description":"Ignored; a place for YAML anchors shared by other entries."}},"description":"Outrigger sidecar configuration.","type":"object","properties":{"app":{"additionalProperties":false,"description":"The application this sidecar serves.","type":"object","properties":{"id":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"This application's id: CloudEvents source and default stream consumer group. OUTRIGGER_APP_ID overrides it; default \"app\".","type":"string"},"url":{"pattern":"^https?://[^\\s/?#]+","description":"Base URL of the application; subscriptions POST to this URL plus their `deliver` path. Required when there are subscriptions. OUTRIGGER_APP_URL overrides it.","type":"string"}}},"server":{"additionalProperties":false,"description":"Listen addresses and API limits.","type":"object","properties":{"httpAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"HTTP API listen address (OUTRIGGER_HTTP_ADDR overrides it).","default":"127.0.0.1:7700","type":"string"},"grpcAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"gRPC API listen address (OUTRIGGER_GRPC_ADDR overrides it).","default":"127.0.0.1:7701","type":"string"},"adminAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"Admin listen address: /healthz, /readyz, /metrics (OUTRIGGER_ADMIN_ADDR overrides it).","default":"0.0.0.0:7702","type":"string"},"webhookAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"Webhook listen address, where Event Grid pushes to /webhooks/<name>; it listens only when `webhooks` are configured (OUTRIGGER_WEBHOOK_ADDR overrides it).","default":"0.0.0.0:7703","type":"string"},"apiToken":{"minLength":1,"description":"When set, every API call must carry `Authorization: Bearer <token>`. Use ${ENV} or ${file:/path}; OUTRIGGER_API_TOKEN overrides it.","type":"string"},"allowRemoteWithoutToken":{"description":"Lets httpAddr or grpcAddr listen beyond loopback without apiToken: anyone who can reach the port can then send, receive and settle. Off by default, so such a start is refused (OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN=true overrides it).","default":false,"type":"boolean"},"maxBodyBytes":{"type":["string","integer"],"pattern":"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$","format":"size","minimum":0,"maximum":9007199254740991,"description":"Largest request body accepted; larger ones get 413.","default":"1MiB"},"maxInFlightRequests":{"minimum":1,"description":"API requests in flight before new ones get 429.","default":10000,"type":"integer"}}},"shutdown":{"additionalProperties":false,"description":"Graceful shutdown.","type":"object","properties":{"gracePeriod":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Time to finish in-flight work after SIGTERM.","default":"30s"}}},"logging":{"additionalProperties":false,"description":"Structured JSON logs on stdout.","type":"object","properties":{"level":{"type":"string","enum":["trace","debug","info","warn","error","fatal","silent"],"description":"Least severe level logged (OUTRIGGER_LOG_LEVEL overrides it).","default":"info"}}},"dataDir":{"minLength":1,"description":"Directory of the embedded broker file (OUTRIGGER_DATA_DIR overrides it).","default":"./data","type":"string"},"development":{"description":"Create unknown queues, topics and streams on first use. On without a config file.","default":false,"type":"boolean"},"brokers":{"additionalProperties":false,"description":"Broker connections by name. Default: one embedded broker named \"local\".","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":true,"description":"A broker connection: `driver` plus that driver's own settings.","type":"object","required":["driver"],"properties":{"driver":{"minLength":1,"description":"Which broker driver to use, e.g. embedded.","type":"string"},"policy":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Resilience policy (a key of `policies`) for operations on this broker: timeout per attempt, retries of what is safe to repeat, circuit breaker, bulkhead. Default: the built-in broker policy (10 s per attempt, up to 3 attempts, breaker open after 5 failures in a row for 5 s).","type":"string"}}}}},"defaultBroker":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Broker for resources that name none. Default: the only broker, else \"local\", else the first embedded one.","type":"string"},"queues":{"additionalProperties":false,"description":"Queues for commands, by logical name.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"description":"A queue for commands: each message is handled by exactly one consumer.","type":"object","properties":{"broker":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Broker (a key of `brokers`) that holds it; default: `defaultBroker`.","type":"string"},"entity":{"minLength":1,"description":"Name of the entity on the broker; default: the logical name (the key).","type":"string"},"maxDeliveries":{"minimum":1,"description":"Deliveries before a message is dead-lettered; default 10.","type":"integer"},"lease":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Lock held on a received message; renewed while a push is in progress.","default":"30s"},"dedupWindow":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Window within which a repeated Idempotency-Key is suppressed.","default":"10m"},"ttl":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Commands sent without Outrigger-TTL expire after this; default: never."}}}}},"topics":{"additionalProperties":false,"description":"Topics for events, by logical name.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"description":"A topic for events: every subscription gets its own copy.","type":"object","properties":{"broker":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Broker (a key of `brokers`) that holds it; default: `defaultBroker`.","type":"string"},"entity":{"minLength":1,"description":"Name of the entity on the broker; default: the logical name (the key).","type":"string"}}}}},"streams":{"additionalProperties":false,"description":"Streams, by logical name.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"description":"An ordered, partitioned, retained event log.","type":"object","properties":{"broker":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Broker (a key of `brokers`) that holds it; default: `defaultBroker`.","type":"string"},"entity":{"minLength":1,"description":"Name of the entity on the broker; default: the logical name (the key).","type":"string"},"partitions":{"minimum":1,"maximum":1024,"description":"Number of partitions.","default":4,"type":"integer"},"retention":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"How long events are kept.","default":"7d"}}}}},"targets":{"additionalProperties":false,"description":"Services reachable by query, by logical name.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"description":"A service reachable by query; only configured targets are reachable. Either {url} or {via: queue, queue}.","anyOf":[{"additionalProperties":false,"description":"A service reached by direct HTTP.","type":"object","required":["url"],"properties":{"via":{"type":"string","enum":["http"],"description":"How the target is reached: direct HTTP (the default)."},"url":{"pattern":"^https?://[^\\s/?#]+","description":"Base URL of the service; /v1/query/<target>/<path> goes to this URL plus <path>.","type":"string"},"timeout":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Timeout of one attempt; default: the policy's timeout."},"policy":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Resilience policy (a key of `policies`) for calls to this target; default: \"default\".","type":"string"}}},{"additionalProperties":false,"description":"A service reached by request/reply over a queue.","type":"object","required":["via","queue"],"properties":{"via":{"type":"string","enum":["queue"],"description":"Request/reply over a queue: a sidecar with a `serve: true` subscription on the queue answers."},"queue":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Queue (a key of `queues`) the requests are sent to.","type":"string"},"timeout":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Timeout of one attempt; default: the policy's timeout."},"policy":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Resilience policy (a key of `policies`) for calls to this target; default: \"default\".","type":"string"}}}]}}},"webhooks":{"additionalProperties":false,"description":"Endpoints Event Grid pushes to, by name (POST /webhooks/<name> on server.webhookAddr).","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"description":"An endpoint Event Grid pushes events to: POST /webhooks/<name> on server.webhookAddr, authenticated by secret or Entra ID token.","type":"object","required":["kind"],"properties":{"kind":{"type":"string","enum":["eventgrid"],"description":"Who pushes to it: eventgrid (Azure Event Grid, either schema, with its validation handshakes)."},"secret":{"minLength":16,"description":"Shared secret Event Grid sends as ?code=<secret> in the endpoint URL or the aeg-delivery-secret header; use ${ENV}. Give secret or entra.","type":"string"},"entra":{"additionalProperties":false,"description":"Event Grid sends an Entra ID bearer token: its issuer, audience, signature (the tenant's keys, cached) and expiry are checked.","type":"object","required":["tenantId","audience"],"properties":{"tenantId":{"minLength":1,"description":"Directory (tenant) id whose keys sign the tokens.","type":"string"},"audience":{"minLength":1,"description":"The token audience: the application id URI or client id of the app registration Event Grid gets tokens for.","type":"string"},"issuer":{"minLength":1,"description":"Accepted token issuer; default both https://sts.windows.net/<tenantId>/ and https://login.microsoftonline.com/<tenantId>/v2.0.","type":"string"},"jwksUri":{"pattern":"^https?://[^\\s/?#]+","description":"Where the signing keys are; default https://login.microsoftonline.com/<tenantId>/discovery/v2.0/keys (sovereign clouds and tests set their own).","type":"string"}}},"maxBodyBytes":{"type":["string","integer"],"pattern":"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$","format":"size","minimum":0,"maximum":9007199254740991,"description":"Largest delivery accepted; larger ones get 413 (Event Grid does not retry it).","default":"1MiB"},"remember":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"How long accepted event ids are remembered, so that a batch Event Grid retries does not push them again.","default":"1d"},"rememberMax":{"minimum":0,"maximum":10000000,"description":"Accepted event ids remembered at most (oldest forgotten first).","default":100000,"type":"integer"}}}}},"policies":{"additionalProperties":false,"description":"Resilience policies by name, used by targets and subscriptions; \"default\" applies when none is named.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"description":"A resilience policy; every key left out takes the built-in default.","type":"object","properties":{"timeout":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Timeout of one attempt.","default":"30s"},"retry":{"additionalProperties":false,"description":"Retries: only idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) or calls with Idempotency-Key; on connection errors, attempt timeouts, 429, 502, 503, 504.","type":"object","properties":{"maxAttempts":{"minimum":1,"maximum":10,"description":"Attempts in all, the first included; 1: never retry.","default":3,"type":"integer"},"initialBackoff":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Ceiling of the first wait; doubles per retry, with full jitter.","default":"100ms"},"maxBackoff":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Longest wait between attempts; a longer Retry-After is answered, not waited for.","default":"2s"},"budget":{"additionalProperties":false,"description":"Retry budget: retries never multiply the load on a failing target.","type":"object","properties":{"ratio":{"minimum":0,"maximum":1,"description":"Retries may add at most this fraction of the calls in the window.","default":0.2,"type":"number"},"minPerSecond":{"minimum":0,"description":"Retries per second always allowed, whatever the ratio.","default":10,"type":"number"},"window":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Sliding window over which calls and retries are counted.","default":"10s"}}}}},"circuitBreaker":{"additionalProperties":false,"description":"Fails calls fast (503 circuit_open) while the target keeps failing (5xx, timeouts, connection errors).","type":"object","properties":{"consecutiveFailures":{"minimum":1,"description":"Opens after this many failures in a row (the default mode).","default":5,"type":"integer"},"failureRatio":{"exclusiveMinimum":0,"maximum":1,"description":"Instead: opens when at least this fraction of the calls in the window failed.","type":"number"},"minimumCalls":{"minimum":1,"description":"With failureRatio: calls in the window before the ratio counts.","default":20,"type":"integer"},"window":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"With failureRatio: the sliding window.","default":"10s"},"halfOpenAfter":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Time open before one probe call is let through.","default":"5s"}}},"bulkhead":{"additionalProperties":false,"description":"Concurrency limit per target.","type":"object","properties":{"maxConcurrent":{"minimum":1,"maximum":10000,"description":"Calls in flight to the target at once.","default":100,"type":"integer"},"maxQueue":{"minimum":0,"maximum":100000,"description":"Calls waiting for a slot; beyond it, 429 back_pressure.","default":100,"type":"integer"}}}}}}},"subscriptions":{"description":"Messages pushed to the app.","type":"array","items":{"additionalProperties":false,"description":"Push delivery of messages to the app.","type":"object","required":["name","from"],"properties":{"name":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Unique name of this subscription; also its subscription name on the topic.","type":"string"},"from":{"description":"Where messages come from: exactly one of {queue}, {topic, filter}, {stream, group, start} or {webhook, filter}.","anyOf":[{"additionalProperties":false,"description":"Consume a queue.","type":"object","required":["queue"],"properties":{"queue":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Queue (a key of `queues`) to consume.","type":"string"}}},{"additionalProperties":false,"description":"Subscribe to a topic.","type":"object","required":["topic"],"properties":{"topic":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Topic (a key of `topics`) to subscribe to.","type":"string"},"filter":{"additionalProperties":false,"description":"Only events matching every given condition are delivered.","type":"object","properties":{"type":{"type":["string","array"],"minLength":1,"items":{"type":"string","minLength":1},"minItems":1,"description":"CloudEvents type, or a list of types, that an event must have."},"subjectPrefix":{"minLength":1,"description":"CloudEvents subject must start with this.","type":"string"}}}}},{"additionalProperties":false,"description":"Consume a stream as a member of a consumer group.","type":"object","required":["stream"],"properties":{"stream":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Stream (a key of `streams`) to consume.","type":"string"},"group":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Consumer group; partitions are shared among its members. Default: app.id.","type":"string"},"start":{"pattern":"^earliest$|^latest$|^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$","format":"stream-start","description":"Where a group without a checkpoint starts: earliest, latest, or an RFC 3339 time such as 2026-11-01T00:00:00Z (the first event enqueued at or after it).","default":"earliest","type":"string"}}},{"additionalProperties":false,"description":"Events Event Grid pushes to a webhook; needs deliver.","type":"object","required":["webhook"],"properties":{"webhook":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Webhook (a key of `webhooks`) whose events are pushed to the app.","type":"string"},"filter":{"additionalProperties":false,"description":"Only events matching every given condition are delivered.","type":"object","properties":{"type":{"type":["string","array"],"minLength":1,"items":{"type":"string","minLength":1},"minItems":1,"description":"CloudEvents type, or a list of types, that an event must have."},"subjectPrefix":{"minLength":1,"description":"CloudEvents subject must start with this.","type":"string"}}}}}]},"deliver":{"pattern":"^/","description":"Path on the app (appended to app.url) that each message is POSTed to; with serve: true, the base path requests go under. Omitted: nothing is pushed, and the app consumes the subscription over gRPC (ConsumeService) with no port of its own.","type":"string"},"concurrency":{"minimum":1,"maximum":1024,"description":"Deliveries in flight to the app at once.","default":16,"type":"integer"},"ordered":{"description":"One message at a time per ordering key, keys in parallel.","default":false,"type":"boolean"},"maxDeliveries":{"minimum":1,"description":"Deliveries before dead-lettering; default: the queue's, or 10.","type":"integer"},"lease":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Lock on a message being delivered; default: the queue's, or 30s."},"timeout":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"How long the app may take to answer one delivery.","default":"1m"},"retry":{"additionalProperties":false,"description":"Backoff between failed deliveries (408, 429, 5xx, timeouts).","type":"object","properties":{"initialBackoff":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Wait before the first retry; doubles each time, with jitter.","default":"200ms"},"maxBackoff":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Longest wait between retries.","default":"30s"}}},"policy":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Resilience policy (a key of `policies`) for deliveries to the app (its circuit breaker applies); default: \"default\".","type":"string"},"serve":{"description":"The queue carries queries (targets with via: queue): each is sent to the app as its own HTTP request under `deliver`, and the answer is sent back as the reply.","default":false,"type":"boolean"}}}},"dapr":{"additionalProperties":false,"description":"The Dapr-compatible API (docs/dapr.md); off unless this block is present.","type":"object","properties":{"httpAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"Dapr-compatible HTTP API listen address (OUTRIGGER_DAPR_HTTP_ADDR overrides it).","default":"127.0.0.1:3500","type":"string"},"httpPort":{"minimum":1,"maximum":65535,"description":"Shorthand for httpAddr 127.0.0.1:<port>, as DAPR_HTTP_PORT; give one or the other.","type":"integer"},"grpcAddr":{"pattern":"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$","description":"Dapr-compatible gRPC API (dapr.proto.runtime.v1.Dapr) listen address (OUTRIGGER_DAPR_GRPC_ADDR overrides it).","default":"127.0.0.1:50001","type":"string"},"grpcPort":{"minimum":1,"maximum":65535,"description":"Shorthand for grpcAddr 127.0.0.1:<port>, as DAPR_GRPC_PORT; give one or the other.","type":"integer"},"appProtocol":{"description":"How the app is reached, as Dapr's --app-protocol: `http` (GET /dapr/subscribe, deliveries POSTed to its routes) or `grpc` (the AppCallback service at app.url's host and port).","default":"http","anyOf":[{"const":"http","type":"string"},{"const":"grpc","type":"string"}]},"resourcesPath":{"minLength":1,"description":"Folder of Dapr resource YAML files, as Dapr's --resources-path (relative to this file): each pubsub `Component` becomes a broker and a `dapr.pubsubs` entry of its name, and its `Subscription` resources (dapr.io/v2alpha1 or v1alpha1) are declarative subscriptions.","type":"string"},"pubsubs":{"additionalProperties":false,"description":"Dapr pubsub component names, each mapped to an Outrigger broker.","type":"object","patternProperties":{"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$":{"additionalProperties":false,"type":"object","required":["broker"],"properties":{"broker":{"pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$","description":"Broker (a key of `brokers`) whose topics this pubsub publishes to; each Dapr topic is an Outrigger topic of the same name there.","type":"string"}}}}},"apiToken":{"minLength":1,"description":"When set, every Dapr API call must carry it as the `dapr-api-token` header (DAPR_API_TOKEN in the SDKs).","type":"string"},"appToken":{"minLength":1,"description":"Sent to the app as `dapr-api-token` on every delivery and on GET /dapr/subscribe (APP_API_TOKEN in Dapr).","type":"string"}}},"tracing":{"additionalProperties":false,"description":"OpenTelemetry traces exported over OTLP (docs/observability.md); off unless an endpoint is set or enabled is true. The standard OTEL_* variables override these keys.","type":"object","properties":{"enabled":{"description":"Turns tracing on with the default endpoint, or off even when an endpoint is set (OTEL_SDK_DISABLED=true also turns it off). Default: on when an endpoint is set.","type":"boolean"},"endpoint":{"pattern":"^https?://[^\\s/?#]+","description":"OTLP collector base URL; /v1/traces is appended for http/protobuf (OTEL_EXPORTER_OTLP_ENDPOINT overrides it). Default http://localhost:4318, or http://localhost:4317 for grpc.","type":"string"},"tracesEndpoint":{"pattern":"^https?://[^\\s/?#]+","description":"Full OTLP traces URL, used as it is; wins over `endpoint` (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT overrides it).","type":"string"},"protocol":{"type":"string","enum":["http/protobuf","grpc"],"description":"OTLP transport (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL overrides it).","default":"http/protobuf"},"serviceName":{"minLength":1,"description":"service.name of the spans (OTEL_SERVICE_NAME overrides it). Default: app.id.","type":"string"},"sampler":{"type":"string","enum":["always_on","always_off","traceidratio","parentbased_always_on","parentbased_always_off","parentbased_traceidratio"],"description":"Which traces are recorded (OTEL_TRACES_SAMPLER overrides it); parentbased_* keep the caller's decision.","default":"parentbased_always_on"},"samplerArg":{"minimum":0,"maximum":1,"description":"Ratio for the traceidratio samplers, 0 to 1 (OTEL_TRACES_SAMPLER_ARG overrides it). Default 1.","type":"number"},"resourceAttributes":{"description":"Extra resource attributes, e.g. deployment.environment.name: prod (OTEL_RESOURCE_ATTRIBUTES adds to and overrides them).","type":"object","patternProperties":{"^(.*)$":{"type":"string"}}},"maxQueueSize":{"minimum":1,"description":"Finished spans waiting for export; beyond it spans are dropped and counted, never waited for (OTEL_BSP_MAX_QUEUE_SIZE overrides it).","default":2048,"type":"integer"},"maxExportBatchSize":{"minimum":1,"description":"Spans per export request (OTEL_BSP_MAX_EXPORT_BATCH_SIZE overrides it).","default":512,"type":"integer"},"scheduledDelay":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Longest a finished span waits before its batch is exported (OTEL_BSP_SCHEDULE_DELAY overrides it).","default":"5s"},"exportTimeout":{"type":["string","integer"],"pattern":"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$","format":"duration","minimum":0,"maximum":9007199254740991,"description":"Longest one export request may take (OTEL_BSP_EXPORT_TIMEOUT overrides it).","default":"10s"}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;
const pattern0 = new RegExp("^x-", "u");
const pattern1 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", "u");
const pattern2 = new RegExp("^https?://[^\\s/?#]+", "u");
const pattern3 = new RegExp("^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$", "u");
const pattern7 = new RegExp("^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$", "u");
const pattern8 = new RegExp("^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$", "u");
const pattern52 = new RegExp("^earliest$|^latest$|^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$", "u");
const pattern54 = new RegExp("^/", "u");
const pattern67 = new RegExp("^(.*)$", "u");
const formats0 = formats.size;
const formats2 = formats.duration;
const formats32 = formats["stream-start"];

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((func2.call(schema11.properties, key0)) || (pattern0.test(key0)))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.app !== undefined){
let data0 = data.app;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!((key1 === "id") || (key1 === "url"))){
const err1 = {instancePath:instancePath+"/app",schemaPath:"#/properties/app/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.app,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.id !== undefined){
let data1 = data0.id;
if(typeof data1 !== "string"){
let dataType0 = typeof data1;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data1;
}
else if(data1 === null){
coerced0 = "";
}
else {
const err2 = {instancePath:instancePath+"/app/id",schemaPath:"#/properties/app/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.app.properties.id.type,parentSchema:schema11.properties.app.properties.id,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(coerced0 !== undefined){
data1 = coerced0;
if(data0 !== undefined){
data0["id"] = coerced0;
}
}
}
if(typeof data1 === "string"){
if(!pattern1.test(data1)){
const err3 = {instancePath:instancePath+"/app/id",schemaPath:"#/properties/app/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.app.properties.id,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
if(data0.url !== undefined){
let data2 = data0.url;
if(typeof data2 !== "string"){
let dataType1 = typeof data2;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data2;
}
else if(data2 === null){
coerced1 = "";
}
else {
const err4 = {instancePath:instancePath+"/app/url",schemaPath:"#/properties/app/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.app.properties.url.type,parentSchema:schema11.properties.app.properties.url,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(coerced1 !== undefined){
data2 = coerced1;
if(data0 !== undefined){
data0["url"] = coerced1;
}
}
}
if(typeof data2 === "string"){
if(!pattern2.test(data2)){
const err5 = {instancePath:instancePath+"/app/url",schemaPath:"#/properties/app/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+"},message:"must match pattern \""+"^https?://[^\\s/?#]+"+"\"",schema:"^https?://[^\\s/?#]+",parentSchema:schema11.properties.app.properties.url,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
}
else {
const err6 = {instancePath:instancePath+"/app",schemaPath:"#/properties/app/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.app.type,parentSchema:schema11.properties.app,data:data0};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.server !== undefined){
let data3 = data.server;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key2 in data3){
if(!((((((((key2 === "httpAddr") || (key2 === "grpcAddr")) || (key2 === "adminAddr")) || (key2 === "webhookAddr")) || (key2 === "apiToken")) || (key2 === "allowRemoteWithoutToken")) || (key2 === "maxBodyBytes")) || (key2 === "maxInFlightRequests"))){
const err7 = {instancePath:instancePath+"/server",schemaPath:"#/properties/server/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.server,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data3.httpAddr !== undefined){
let data4 = data3.httpAddr;
if(typeof data4 !== "string"){
let dataType2 = typeof data4;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data4;
}
else if(data4 === null){
coerced2 = "";
}
else {
const err8 = {instancePath:instancePath+"/server/httpAddr",schemaPath:"#/properties/server/properties/httpAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.server.properties.httpAddr.type,parentSchema:schema11.properties.server.properties.httpAddr,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(coerced2 !== undefined){
data4 = coerced2;
if(data3 !== undefined){
data3["httpAddr"] = coerced2;
}
}
}
if(typeof data4 === "string"){
if(!pattern3.test(data4)){
const err9 = {instancePath:instancePath+"/server/httpAddr",schemaPath:"#/properties/server/properties/httpAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.server.properties.httpAddr,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data3.grpcAddr !== undefined){
let data5 = data3.grpcAddr;
if(typeof data5 !== "string"){
let dataType3 = typeof data5;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 == "number" || dataType3 == "boolean"){
coerced3 = "" + data5;
}
else if(data5 === null){
coerced3 = "";
}
else {
const err10 = {instancePath:instancePath+"/server/grpcAddr",schemaPath:"#/properties/server/properties/grpcAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.server.properties.grpcAddr.type,parentSchema:schema11.properties.server.properties.grpcAddr,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(coerced3 !== undefined){
data5 = coerced3;
if(data3 !== undefined){
data3["grpcAddr"] = coerced3;
}
}
}
if(typeof data5 === "string"){
if(!pattern3.test(data5)){
const err11 = {instancePath:instancePath+"/server/grpcAddr",schemaPath:"#/properties/server/properties/grpcAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.server.properties.grpcAddr,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data3.adminAddr !== undefined){
let data6 = data3.adminAddr;
if(typeof data6 !== "string"){
let dataType4 = typeof data6;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 == "number" || dataType4 == "boolean"){
coerced4 = "" + data6;
}
else if(data6 === null){
coerced4 = "";
}
else {
const err12 = {instancePath:instancePath+"/server/adminAddr",schemaPath:"#/properties/server/properties/adminAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.server.properties.adminAddr.type,parentSchema:schema11.properties.server.properties.adminAddr,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(coerced4 !== undefined){
data6 = coerced4;
if(data3 !== undefined){
data3["adminAddr"] = coerced4;
}
}
}
if(typeof data6 === "string"){
if(!pattern3.test(data6)){
const err13 = {instancePath:instancePath+"/server/adminAddr",schemaPath:"#/properties/server/properties/adminAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.server.properties.adminAddr,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
if(data3.webhookAddr !== undefined){
let data7 = data3.webhookAddr;
if(typeof data7 !== "string"){
let dataType5 = typeof data7;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 == "number" || dataType5 == "boolean"){
coerced5 = "" + data7;
}
else if(data7 === null){
coerced5 = "";
}
else {
const err14 = {instancePath:instancePath+"/server/webhookAddr",schemaPath:"#/properties/server/properties/webhookAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.server.properties.webhookAddr.type,parentSchema:schema11.properties.server.properties.webhookAddr,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(coerced5 !== undefined){
data7 = coerced5;
if(data3 !== undefined){
data3["webhookAddr"] = coerced5;
}
}
}
if(typeof data7 === "string"){
if(!pattern3.test(data7)){
const err15 = {instancePath:instancePath+"/server/webhookAddr",schemaPath:"#/properties/server/properties/webhookAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.server.properties.webhookAddr,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
if(data3.apiToken !== undefined){
let data8 = data3.apiToken;
if(typeof data8 !== "string"){
let dataType6 = typeof data8;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 == "number" || dataType6 == "boolean"){
coerced6 = "" + data8;
}
else if(data8 === null){
coerced6 = "";
}
else {
const err16 = {instancePath:instancePath+"/server/apiToken",schemaPath:"#/properties/server/properties/apiToken/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.server.properties.apiToken.type,parentSchema:schema11.properties.server.properties.apiToken,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(coerced6 !== undefined){
data8 = coerced6;
if(data3 !== undefined){
data3["apiToken"] = coerced6;
}
}
}
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err17 = {instancePath:instancePath+"/server/apiToken",schemaPath:"#/properties/server/properties/apiToken/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.server.properties.apiToken,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data3.allowRemoteWithoutToken !== undefined){
let data9 = data3.allowRemoteWithoutToken;
if(typeof data9 !== "boolean"){
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(data9 === "false" || data9 === 0 || data9 === null){
coerced7 = false;
}
else if(data9 === "true" || data9 === 1){
coerced7 = true;
}
else {
const err18 = {instancePath:instancePath+"/server/allowRemoteWithoutToken",schemaPath:"#/properties/server/properties/allowRemoteWithoutToken/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.server.properties.allowRemoteWithoutToken.type,parentSchema:schema11.properties.server.properties.allowRemoteWithoutToken,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(coerced7 !== undefined){
data9 = coerced7;
if(data3 !== undefined){
data3["allowRemoteWithoutToken"] = coerced7;
}
}
}
}
if(data3.maxBodyBytes !== undefined){
let data10 = data3.maxBodyBytes;
if((typeof data10 !== "string") && (!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10))))){
let dataType8 = typeof data10;
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(dataType8 == "number" || dataType8 == "boolean"){
coerced8 = "" + data10;
}
else if(data10 === null){
coerced8 = "";
}
else if(dataType8 === "boolean" || data10 === null
              || (dataType8 === "string" && data10 && data10 == +data10 && !(data10 % 1))){
coerced8 = +data10;
}
else {
const err19 = {instancePath:instancePath+"/server/maxBodyBytes",schemaPath:"#/properties/server/properties/maxBodyBytes/type",keyword:"type",params:{type: schema11.properties.server.properties.maxBodyBytes.type},message:"must be string,integer",schema:schema11.properties.server.properties.maxBodyBytes.type,parentSchema:schema11.properties.server.properties.maxBodyBytes,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(coerced8 !== undefined){
data10 = coerced8;
if(data3 !== undefined){
data3["maxBodyBytes"] = coerced8;
}
}
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 9007199254740991 || isNaN(data10)){
const err20 = {instancePath:instancePath+"/server/maxBodyBytes",schemaPath:"#/properties/server/properties/maxBodyBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.server.properties.maxBodyBytes,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data10 < 0 || isNaN(data10)){
const err21 = {instancePath:instancePath+"/server/maxBodyBytes",schemaPath:"#/properties/server/properties/maxBodyBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.server.properties.maxBodyBytes,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(typeof data10 === "string"){
if(!pattern7.test(data10)){
const err22 = {instancePath:instancePath+"/server/maxBodyBytes",schemaPath:"#/properties/server/properties/maxBodyBytes/pattern",keyword:"pattern",params:{pattern: "^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$"},message:"must match pattern \""+"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$"+"\"",schema:"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$",parentSchema:schema11.properties.server.properties.maxBodyBytes,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!(formats0.validate(data10))){
const err23 = {instancePath:instancePath+"/server/maxBodyBytes",schemaPath:"#/properties/server/properties/maxBodyBytes/format",keyword:"format",params:{format: "size"},message:"must match format \""+"size"+"\"",schema:"size",parentSchema:schema11.properties.server.properties.maxBodyBytes,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
if(data3.maxInFlightRequests !== undefined){
let data11 = data3.maxInFlightRequests;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
let dataType9 = typeof data11;
let coerced9 = undefined;
if(!(coerced9 !== undefined)){
if(dataType9 === "boolean" || data11 === null
              || (dataType9 === "string" && data11 && data11 == +data11 && !(data11 % 1))){
coerced9 = +data11;
}
else {
const err24 = {instancePath:instancePath+"/server/maxInFlightRequests",schemaPath:"#/properties/server/properties/maxInFlightRequests/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.server.properties.maxInFlightRequests.type,parentSchema:schema11.properties.server.properties.maxInFlightRequests,data:data11};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(coerced9 !== undefined){
data11 = coerced9;
if(data3 !== undefined){
data3["maxInFlightRequests"] = coerced9;
}
}
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 1 || isNaN(data11)){
const err25 = {instancePath:instancePath+"/server/maxInFlightRequests",schemaPath:"#/properties/server/properties/maxInFlightRequests/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.server.properties.maxInFlightRequests,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
}
else {
const err26 = {instancePath:instancePath+"/server",schemaPath:"#/properties/server/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.server.type,parentSchema:schema11.properties.server,data:data3};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.shutdown !== undefined){
let data12 = data.shutdown;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key3 in data12){
if(!(key3 === "gracePeriod")){
const err27 = {instancePath:instancePath+"/shutdown",schemaPath:"#/properties/shutdown/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.shutdown,data:data12};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data12.gracePeriod !== undefined){
let data13 = data12.gracePeriod;
if((typeof data13 !== "string") && (!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13))))){
let dataType10 = typeof data13;
let coerced10 = undefined;
if(!(coerced10 !== undefined)){
if(dataType10 == "number" || dataType10 == "boolean"){
coerced10 = "" + data13;
}
else if(data13 === null){
coerced10 = "";
}
else if(dataType10 === "boolean" || data13 === null
              || (dataType10 === "string" && data13 && data13 == +data13 && !(data13 % 1))){
coerced10 = +data13;
}
else {
const err28 = {instancePath:instancePath+"/shutdown/gracePeriod",schemaPath:"#/properties/shutdown/properties/gracePeriod/type",keyword:"type",params:{type: schema11.properties.shutdown.properties.gracePeriod.type},message:"must be string,integer",schema:schema11.properties.shutdown.properties.gracePeriod.type,parentSchema:schema11.properties.shutdown.properties.gracePeriod,data:data13};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(coerced10 !== undefined){
data13 = coerced10;
if(data12 !== undefined){
data12["gracePeriod"] = coerced10;
}
}
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 9007199254740991 || isNaN(data13)){
const err29 = {instancePath:instancePath+"/shutdown/gracePeriod",schemaPath:"#/properties/shutdown/properties/gracePeriod/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.shutdown.properties.gracePeriod,data:data13};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data13 < 0 || isNaN(data13)){
const err30 = {instancePath:instancePath+"/shutdown/gracePeriod",schemaPath:"#/properties/shutdown/properties/gracePeriod/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.shutdown.properties.gracePeriod,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(typeof data13 === "string"){
if(!pattern8.test(data13)){
const err31 = {instancePath:instancePath+"/shutdown/gracePeriod",schemaPath:"#/properties/shutdown/properties/gracePeriod/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.shutdown.properties.gracePeriod,data:data13};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(!(formats2.validate(data13))){
const err32 = {instancePath:instancePath+"/shutdown/gracePeriod",schemaPath:"#/properties/shutdown/properties/gracePeriod/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.shutdown.properties.gracePeriod,data:data13};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
}
else {
const err33 = {instancePath:instancePath+"/shutdown",schemaPath:"#/properties/shutdown/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.shutdown.type,parentSchema:schema11.properties.shutdown,data:data12};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data.logging !== undefined){
let data14 = data.logging;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
for(const key4 in data14){
if(!(key4 === "level")){
const err34 = {instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.logging,data:data14};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data14.level !== undefined){
let data15 = data14.level;
if(typeof data15 !== "string"){
let dataType11 = typeof data15;
let coerced11 = undefined;
if(!(coerced11 !== undefined)){
if(dataType11 == "number" || dataType11 == "boolean"){
coerced11 = "" + data15;
}
else if(data15 === null){
coerced11 = "";
}
else {
const err35 = {instancePath:instancePath+"/logging/level",schemaPath:"#/properties/logging/properties/level/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.logging.properties.level.type,parentSchema:schema11.properties.logging.properties.level,data:data15};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(coerced11 !== undefined){
data15 = coerced11;
if(data14 !== undefined){
data14["level"] = coerced11;
}
}
}
if(!(((((((data15 === "trace") || (data15 === "debug")) || (data15 === "info")) || (data15 === "warn")) || (data15 === "error")) || (data15 === "fatal")) || (data15 === "silent"))){
const err36 = {instancePath:instancePath+"/logging/level",schemaPath:"#/properties/logging/properties/level/enum",keyword:"enum",params:{allowedValues: schema11.properties.logging.properties.level.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.logging.properties.level.enum,parentSchema:schema11.properties.logging.properties.level,data:data15};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
}
else {
const err37 = {instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.logging.type,parentSchema:schema11.properties.logging,data:data14};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.dataDir !== undefined){
let data16 = data.dataDir;
if(typeof data16 !== "string"){
let dataType12 = typeof data16;
let coerced12 = undefined;
if(!(coerced12 !== undefined)){
if(dataType12 == "number" || dataType12 == "boolean"){
coerced12 = "" + data16;
}
else if(data16 === null){
coerced12 = "";
}
else {
const err38 = {instancePath:instancePath+"/dataDir",schemaPath:"#/properties/dataDir/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dataDir.type,parentSchema:schema11.properties.dataDir,data:data16};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(coerced12 !== undefined){
data16 = coerced12;
if(data !== undefined){
data["dataDir"] = coerced12;
}
}
}
if(typeof data16 === "string"){
if(func3(data16) < 1){
const err39 = {instancePath:instancePath+"/dataDir",schemaPath:"#/properties/dataDir/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dataDir,data:data16};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
if(data.development !== undefined){
let data17 = data.development;
if(typeof data17 !== "boolean"){
let coerced13 = undefined;
if(!(coerced13 !== undefined)){
if(data17 === "false" || data17 === 0 || data17 === null){
coerced13 = false;
}
else if(data17 === "true" || data17 === 1){
coerced13 = true;
}
else {
const err40 = {instancePath:instancePath+"/development",schemaPath:"#/properties/development/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.development.type,parentSchema:schema11.properties.development,data:data17};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(coerced13 !== undefined){
data17 = coerced13;
if(data !== undefined){
data["development"] = coerced13;
}
}
}
}
if(data.brokers !== undefined){
let data18 = data.brokers;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key5 in data18){
if(!(pattern1.test(key5))){
const err41 = {instancePath:instancePath+"/brokers",schemaPath:"#/properties/brokers/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.brokers,data:data18};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
for(const key6 in data18){
if(pattern1.test(key6)){
let data19 = data18[key6];
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.driver === undefined){
const err42 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/required",keyword:"required",params:{missingProperty: "driver"},message:"must have required property '"+"driver"+"'",schema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].required,parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data19};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data19.driver !== undefined){
let data20 = data19.driver;
if(typeof data20 !== "string"){
let dataType14 = typeof data20;
let coerced14 = undefined;
if(!(coerced14 !== undefined)){
if(dataType14 == "number" || dataType14 == "boolean"){
coerced14 = "" + data20;
}
else if(data20 === null){
coerced14 = "";
}
else {
const err43 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/driver",schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.driver.type,parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.driver,data:data20};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(coerced14 !== undefined){
data20 = coerced14;
if(data19 !== undefined){
data19["driver"] = coerced14;
}
}
}
if(typeof data20 === "string"){
if(func3(data20) < 1){
const err44 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/driver",schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/driver/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.driver,data:data20};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
if(data19.policy !== undefined){
let data21 = data19.policy;
if(typeof data21 !== "string"){
let dataType15 = typeof data21;
let coerced15 = undefined;
if(!(coerced15 !== undefined)){
if(dataType15 == "number" || dataType15 == "boolean"){
coerced15 = "" + data21;
}
else if(data21 === null){
coerced15 = "";
}
else {
const err45 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/policy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.policy.type,parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.policy,data:data21};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(coerced15 !== undefined){
data21 = coerced15;
if(data19 !== undefined){
data19["policy"] = coerced15;
}
}
}
if(typeof data21 === "string"){
if(!pattern1.test(data21)){
const err46 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/policy/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.policy,data:data21};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/brokers/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/brokers/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.brokers.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data19};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
}
else {
const err48 = {instancePath:instancePath+"/brokers",schemaPath:"#/properties/brokers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.brokers.type,parentSchema:schema11.properties.brokers,data:data18};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data.defaultBroker !== undefined){
let data22 = data.defaultBroker;
if(typeof data22 !== "string"){
let dataType16 = typeof data22;
let coerced16 = undefined;
if(!(coerced16 !== undefined)){
if(dataType16 == "number" || dataType16 == "boolean"){
coerced16 = "" + data22;
}
else if(data22 === null){
coerced16 = "";
}
else {
const err49 = {instancePath:instancePath+"/defaultBroker",schemaPath:"#/properties/defaultBroker/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.defaultBroker.type,parentSchema:schema11.properties.defaultBroker,data:data22};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(coerced16 !== undefined){
data22 = coerced16;
if(data !== undefined){
data["defaultBroker"] = coerced16;
}
}
}
if(typeof data22 === "string"){
if(!pattern1.test(data22)){
const err50 = {instancePath:instancePath+"/defaultBroker",schemaPath:"#/properties/defaultBroker/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.defaultBroker,data:data22};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
if(data.queues !== undefined){
let data23 = data.queues;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key7 in data23){
if(!(pattern1.test(key7))){
const err51 = {instancePath:instancePath+"/queues",schemaPath:"#/properties/queues/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.queues,data:data23};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
for(const key8 in data23){
if(pattern1.test(key8)){
let data24 = data23[key8];
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
for(const key9 in data24){
if(!((((((key9 === "broker") || (key9 === "entity")) || (key9 === "maxDeliveries")) || (key9 === "lease")) || (key9 === "dedupWindow")) || (key9 === "ttl"))){
const err52 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data24};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data24.broker !== undefined){
let data25 = data24.broker;
if(typeof data25 !== "string"){
let dataType17 = typeof data25;
let coerced17 = undefined;
if(!(coerced17 !== undefined)){
if(dataType17 == "number" || dataType17 == "boolean"){
coerced17 = "" + data25;
}
else if(data25 === null){
coerced17 = "";
}
else {
const err53 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data25};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(coerced17 !== undefined){
data25 = coerced17;
if(data24 !== undefined){
data24["broker"] = coerced17;
}
}
}
if(typeof data25 === "string"){
if(!pattern1.test(data25)){
const err54 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data25};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
if(data24.entity !== undefined){
let data26 = data24.entity;
if(typeof data26 !== "string"){
let dataType18 = typeof data26;
let coerced18 = undefined;
if(!(coerced18 !== undefined)){
if(dataType18 == "number" || dataType18 == "boolean"){
coerced18 = "" + data26;
}
else if(data26 === null){
coerced18 = "";
}
else {
const err55 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data26};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(coerced18 !== undefined){
data26 = coerced18;
if(data24 !== undefined){
data24["entity"] = coerced18;
}
}
}
if(typeof data26 === "string"){
if(func3(data26) < 1){
const err56 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data26};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
if(data24.maxDeliveries !== undefined){
let data27 = data24.maxDeliveries;
if(!(((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27))) && (isFinite(data27)))){
let dataType19 = typeof data27;
let coerced19 = undefined;
if(!(coerced19 !== undefined)){
if(dataType19 === "boolean" || data27 === null
              || (dataType19 === "string" && data27 && data27 == +data27 && !(data27 % 1))){
coerced19 = +data27;
}
else {
const err57 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxDeliveries",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxDeliveries/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxDeliveries.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxDeliveries,data:data27};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(coerced19 !== undefined){
data27 = coerced19;
if(data24 !== undefined){
data24["maxDeliveries"] = coerced19;
}
}
}
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 1 || isNaN(data27)){
const err58 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxDeliveries",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxDeliveries/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxDeliveries,data:data27};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
if(data24.lease !== undefined){
let data28 = data24.lease;
if((typeof data28 !== "string") && (!(((typeof data28 == "number") && (!(data28 % 1) && !isNaN(data28))) && (isFinite(data28))))){
let dataType20 = typeof data28;
let coerced20 = undefined;
if(!(coerced20 !== undefined)){
if(dataType20 == "number" || dataType20 == "boolean"){
coerced20 = "" + data28;
}
else if(data28 === null){
coerced20 = "";
}
else if(dataType20 === "boolean" || data28 === null
              || (dataType20 === "string" && data28 && data28 == +data28 && !(data28 % 1))){
coerced20 = +data28;
}
else {
const err59 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/lease",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/lease/type",keyword:"type",params:{type: schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease.type},message:"must be string,integer",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease,data:data28};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(coerced20 !== undefined){
data28 = coerced20;
if(data24 !== undefined){
data24["lease"] = coerced20;
}
}
}
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 > 9007199254740991 || isNaN(data28)){
const err60 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/lease",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/lease/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease,data:data28};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data28 < 0 || isNaN(data28)){
const err61 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/lease",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/lease/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease,data:data28};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(typeof data28 === "string"){
if(!pattern8.test(data28)){
const err62 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/lease",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/lease/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease,data:data28};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(!(formats2.validate(data28))){
const err63 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/lease",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/lease/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.lease,data:data28};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
if(data24.dedupWindow !== undefined){
let data29 = data24.dedupWindow;
if((typeof data29 !== "string") && (!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29))))){
let dataType21 = typeof data29;
let coerced21 = undefined;
if(!(coerced21 !== undefined)){
if(dataType21 == "number" || dataType21 == "boolean"){
coerced21 = "" + data29;
}
else if(data29 === null){
coerced21 = "";
}
else if(dataType21 === "boolean" || data29 === null
              || (dataType21 === "string" && data29 && data29 == +data29 && !(data29 % 1))){
coerced21 = +data29;
}
else {
const err64 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/dedupWindow",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/dedupWindow/type",keyword:"type",params:{type: schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow.type},message:"must be string,integer",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow,data:data29};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(coerced21 !== undefined){
data29 = coerced21;
if(data24 !== undefined){
data24["dedupWindow"] = coerced21;
}
}
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 > 9007199254740991 || isNaN(data29)){
const err65 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/dedupWindow",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/dedupWindow/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow,data:data29};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(data29 < 0 || isNaN(data29)){
const err66 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/dedupWindow",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/dedupWindow/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow,data:data29};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(typeof data29 === "string"){
if(!pattern8.test(data29)){
const err67 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/dedupWindow",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/dedupWindow/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow,data:data29};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
if(!(formats2.validate(data29))){
const err68 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/dedupWindow",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/dedupWindow/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.dedupWindow,data:data29};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
}
if(data24.ttl !== undefined){
let data30 = data24.ttl;
if((typeof data30 !== "string") && (!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30))))){
let dataType22 = typeof data30;
let coerced22 = undefined;
if(!(coerced22 !== undefined)){
if(dataType22 == "number" || dataType22 == "boolean"){
coerced22 = "" + data30;
}
else if(data30 === null){
coerced22 = "";
}
else if(dataType22 === "boolean" || data30 === null
              || (dataType22 === "string" && data30 && data30 == +data30 && !(data30 % 1))){
coerced22 = +data30;
}
else {
const err69 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/ttl",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/ttl/type",keyword:"type",params:{type: schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl.type},message:"must be string,integer",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl.type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl,data:data30};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(coerced22 !== undefined){
data30 = coerced22;
if(data24 !== undefined){
data24["ttl"] = coerced22;
}
}
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 > 9007199254740991 || isNaN(data30)){
const err70 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/ttl",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/ttl/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl,data:data30};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if(data30 < 0 || isNaN(data30)){
const err71 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/ttl",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/ttl/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl,data:data30};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(typeof data30 === "string"){
if(!pattern8.test(data30)){
const err72 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/ttl",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/ttl/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl,data:data30};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if(!(formats2.validate(data30))){
const err73 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1")+"/ttl",schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/ttl/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.ttl,data:data30};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
}
else {
const err74 = {instancePath:instancePath+"/queues/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/queues/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.queues.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data24};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
}
else {
const err75 = {instancePath:instancePath+"/queues",schemaPath:"#/properties/queues/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.queues.type,parentSchema:schema11.properties.queues,data:data23};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data.topics !== undefined){
let data31 = data.topics;
if(data31 && typeof data31 == "object" && !Array.isArray(data31)){
for(const key10 in data31){
if(!(pattern1.test(key10))){
const err76 = {instancePath:instancePath+"/topics",schemaPath:"#/properties/topics/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.topics,data:data31};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
for(const key11 in data31){
if(pattern1.test(key11)){
let data32 = data31[key11];
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
for(const key12 in data32){
if(!((key12 === "broker") || (key12 === "entity"))){
const err77 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data32};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data32.broker !== undefined){
let data33 = data32.broker;
if(typeof data33 !== "string"){
let dataType23 = typeof data33;
let coerced23 = undefined;
if(!(coerced23 !== undefined)){
if(dataType23 == "number" || dataType23 == "boolean"){
coerced23 = "" + data33;
}
else if(data33 === null){
coerced23 = "";
}
else {
const err78 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker.type,parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data33};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(coerced23 !== undefined){
data33 = coerced23;
if(data32 !== undefined){
data32["broker"] = coerced23;
}
}
}
if(typeof data33 === "string"){
if(!pattern1.test(data33)){
const err79 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data33};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
}
if(data32.entity !== undefined){
let data34 = data32.entity;
if(typeof data34 !== "string"){
let dataType24 = typeof data34;
let coerced24 = undefined;
if(!(coerced24 !== undefined)){
if(dataType24 == "number" || dataType24 == "boolean"){
coerced24 = "" + data34;
}
else if(data34 === null){
coerced24 = "";
}
else {
const err80 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity.type,parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data34};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(coerced24 !== undefined){
data34 = coerced24;
if(data32 !== undefined){
data32["entity"] = coerced24;
}
}
}
if(typeof data34 === "string"){
if(func3(data34) < 1){
const err81 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data34};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
}
}
else {
const err82 = {instancePath:instancePath+"/topics/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/topics/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.topics.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data32};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
}
}
else {
const err83 = {instancePath:instancePath+"/topics",schemaPath:"#/properties/topics/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.topics.type,parentSchema:schema11.properties.topics,data:data31};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data.streams !== undefined){
let data35 = data.streams;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
for(const key13 in data35){
if(!(pattern1.test(key13))){
const err84 = {instancePath:instancePath+"/streams",schemaPath:"#/properties/streams/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.streams,data:data35};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
for(const key14 in data35){
if(pattern1.test(key14)){
let data36 = data35[key14];
if(data36 && typeof data36 == "object" && !Array.isArray(data36)){
for(const key15 in data36){
if(!((((key15 === "broker") || (key15 === "entity")) || (key15 === "partitions")) || (key15 === "retention"))){
const err85 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data36};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data36.broker !== undefined){
let data37 = data36.broker;
if(typeof data37 !== "string"){
let dataType25 = typeof data37;
let coerced25 = undefined;
if(!(coerced25 !== undefined)){
if(dataType25 == "number" || dataType25 == "boolean"){
coerced25 = "" + data37;
}
else if(data37 === null){
coerced25 = "";
}
else {
const err86 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker.type,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data37};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(coerced25 !== undefined){
data37 = coerced25;
if(data36 !== undefined){
data36["broker"] = coerced25;
}
}
}
if(typeof data37 === "string"){
if(!pattern1.test(data37)){
const err87 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data37};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
if(data36.entity !== undefined){
let data38 = data36.entity;
if(typeof data38 !== "string"){
let dataType26 = typeof data38;
let coerced26 = undefined;
if(!(coerced26 !== undefined)){
if(dataType26 == "number" || dataType26 == "boolean"){
coerced26 = "" + data38;
}
else if(data38 === null){
coerced26 = "";
}
else {
const err88 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity.type,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data38};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(coerced26 !== undefined){
data38 = coerced26;
if(data36 !== undefined){
data36["entity"] = coerced26;
}
}
}
if(typeof data38 === "string"){
if(func3(data38) < 1){
const err89 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/entity",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entity/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entity,data:data38};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
}
if(data36.partitions !== undefined){
let data39 = data36.partitions;
if(!(((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39))) && (isFinite(data39)))){
let dataType27 = typeof data39;
let coerced27 = undefined;
if(!(coerced27 !== undefined)){
if(dataType27 === "boolean" || data39 === null
              || (dataType27 === "string" && data39 && data39 == +data39 && !(data39 % 1))){
coerced27 = +data39;
}
else {
const err90 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/partitions",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/partitions/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.partitions.type,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.partitions,data:data39};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(coerced27 !== undefined){
data39 = coerced27;
if(data36 !== undefined){
data36["partitions"] = coerced27;
}
}
}
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 > 1024 || isNaN(data39)){
const err91 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/partitions",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/partitions/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.partitions,data:data39};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(data39 < 1 || isNaN(data39)){
const err92 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/partitions",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/partitions/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.partitions,data:data39};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
if(data36.retention !== undefined){
let data40 = data36.retention;
if((typeof data40 !== "string") && (!(((typeof data40 == "number") && (!(data40 % 1) && !isNaN(data40))) && (isFinite(data40))))){
let dataType28 = typeof data40;
let coerced28 = undefined;
if(!(coerced28 !== undefined)){
if(dataType28 == "number" || dataType28 == "boolean"){
coerced28 = "" + data40;
}
else if(data40 === null){
coerced28 = "";
}
else if(dataType28 === "boolean" || data40 === null
              || (dataType28 === "string" && data40 && data40 == +data40 && !(data40 % 1))){
coerced28 = +data40;
}
else {
const err93 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/retention",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retention/type",keyword:"type",params:{type: schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention.type},message:"must be string,integer",schema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention.type,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention,data:data40};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(coerced28 !== undefined){
data40 = coerced28;
if(data36 !== undefined){
data36["retention"] = coerced28;
}
}
}
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 > 9007199254740991 || isNaN(data40)){
const err94 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/retention",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retention/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention,data:data40};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if(data40 < 0 || isNaN(data40)){
const err95 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/retention",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retention/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention,data:data40};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(typeof data40 === "string"){
if(!pattern8.test(data40)){
const err96 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/retention",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retention/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention,data:data40};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
if(!(formats2.validate(data40))){
const err97 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1")+"/retention",schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retention/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retention,data:data40};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
}
}
else {
const err98 = {instancePath:instancePath+"/streams/" + key14.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/streams/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.streams.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data36};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
}
}
else {
const err99 = {instancePath:instancePath+"/streams",schemaPath:"#/properties/streams/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.streams.type,parentSchema:schema11.properties.streams,data:data35};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data.targets !== undefined){
let data41 = data.targets;
if(data41 && typeof data41 == "object" && !Array.isArray(data41)){
for(const key16 in data41){
if(!(pattern1.test(key16))){
const err100 = {instancePath:instancePath+"/targets",schemaPath:"#/properties/targets/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.targets,data:data41};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
for(const key17 in data41){
if(pattern1.test(key17)){
let data42 = data41[key17];
const _errs100 = errors;
let valid14 = false;
const _errs101 = errors;
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
if(data42.url === undefined){
const err101 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].required,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0],data:data42};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
for(const key18 in data42){
if(!((((key18 === "via") || (key18 === "url")) || (key18 === "timeout")) || (key18 === "policy"))){
const err102 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0],data:data42};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data42.via !== undefined){
let data43 = data42.via;
if(typeof data43 !== "string"){
let dataType29 = typeof data43;
let coerced29 = undefined;
if(!(coerced29 !== undefined)){
if(dataType29 == "number" || dataType29 == "boolean"){
coerced29 = "" + data43;
}
else if(data43 === null){
coerced29 = "";
}
else {
const err103 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/via",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/via/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.via.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.via,data:data43};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(coerced29 !== undefined){
data43 = coerced29;
if(data42 !== undefined){
data42["via"] = coerced29;
}
}
}
if(!(data43 === "http")){
const err104 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/via",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/via/enum",keyword:"enum",params:{allowedValues: schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.via.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.via.enum,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.via,data:data43};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data42.url !== undefined){
let data44 = data42.url;
if(typeof data44 !== "string"){
let dataType30 = typeof data44;
let coerced30 = undefined;
if(!(coerced30 !== undefined)){
if(dataType30 == "number" || dataType30 == "boolean"){
coerced30 = "" + data44;
}
else if(data44 === null){
coerced30 = "";
}
else {
const err105 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/url",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.url.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.url,data:data44};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(coerced30 !== undefined){
data44 = coerced30;
if(data42 !== undefined){
data42["url"] = coerced30;
}
}
}
if(typeof data44 === "string"){
if(!pattern2.test(data44)){
const err106 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/url",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+"},message:"must match pattern \""+"^https?://[^\\s/?#]+"+"\"",schema:"^https?://[^\\s/?#]+",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.url,data:data44};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
if(data42.timeout !== undefined){
let data45 = data42.timeout;
if((typeof data45 !== "string") && (!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45))))){
let dataType31 = typeof data45;
let coerced31 = undefined;
if(!(coerced31 !== undefined)){
if(dataType31 == "number" || dataType31 == "boolean"){
coerced31 = "" + data45;
}
else if(data45 === null){
coerced31 = "";
}
else if(dataType31 === "boolean" || data45 === null
              || (dataType31 === "string" && data45 && data45 == +data45 && !(data45 % 1))){
coerced31 = +data45;
}
else {
const err107 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/timeout/type",keyword:"type",params:{type: schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout.type},message:"must be string,integer",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout,data:data45};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(coerced31 !== undefined){
data45 = coerced31;
if(data42 !== undefined){
data42["timeout"] = coerced31;
}
}
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 > 9007199254740991 || isNaN(data45)){
const err108 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/timeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout,data:data45};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(data45 < 0 || isNaN(data45)){
const err109 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/timeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout,data:data45};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(typeof data45 === "string"){
if(!pattern8.test(data45)){
const err110 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout,data:data45};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
if(!(formats2.validate(data45))){
const err111 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/timeout/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.timeout,data:data45};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
}
if(data42.policy !== undefined){
let data46 = data42.policy;
if(typeof data46 !== "string"){
let dataType32 = typeof data46;
let coerced32 = undefined;
if(!(coerced32 !== undefined)){
if(dataType32 == "number" || dataType32 == "boolean"){
coerced32 = "" + data46;
}
else if(data46 === null){
coerced32 = "";
}
else {
const err112 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/policy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.policy.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.policy,data:data46};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(coerced32 !== undefined){
data46 = coerced32;
if(data42 !== undefined){
data42["policy"] = coerced32;
}
}
}
if(typeof data46 === "string"){
if(!pattern1.test(data46)){
const err113 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/properties/policy/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].properties.policy,data:data46};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
}
}
else {
const err114 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0].type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[0],data:data42};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
var _valid0 = _errs101 === errors;
valid14 = valid14 || _valid0;
if(!valid14){
const _errs112 = errors;
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
if(data42.via === undefined){
const err115 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/required",keyword:"required",params:{missingProperty: "via"},message:"must have required property '"+"via"+"'",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].required,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(data42.queue === undefined){
const err116 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/required",keyword:"required",params:{missingProperty: "queue"},message:"must have required property '"+"queue"+"'",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].required,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
for(const key19 in data42){
if(!((((key19 === "via") || (key19 === "queue")) || (key19 === "timeout")) || (key19 === "policy"))){
const err117 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data42.via !== undefined){
let data47 = data42.via;
if(typeof data47 !== "string"){
let dataType33 = typeof data47;
let coerced33 = undefined;
if(!(coerced33 !== undefined)){
if(dataType33 == "number" || dataType33 == "boolean"){
coerced33 = "" + data47;
}
else if(data47 === null){
coerced33 = "";
}
else {
const err118 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/via",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/via/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.via.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.via,data:data47};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(coerced33 !== undefined){
data47 = coerced33;
if(data42 !== undefined){
data42["via"] = coerced33;
}
}
}
if(!(data47 === "queue")){
const err119 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/via",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/via/enum",keyword:"enum",params:{allowedValues: schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.via.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.via.enum,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.via,data:data47};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data42.queue !== undefined){
let data48 = data42.queue;
if(typeof data48 !== "string"){
let dataType34 = typeof data48;
let coerced34 = undefined;
if(!(coerced34 !== undefined)){
if(dataType34 == "number" || dataType34 == "boolean"){
coerced34 = "" + data48;
}
else if(data48 === null){
coerced34 = "";
}
else {
const err120 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/queue",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/queue/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.queue.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.queue,data:data48};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(coerced34 !== undefined){
data48 = coerced34;
if(data42 !== undefined){
data42["queue"] = coerced34;
}
}
}
if(typeof data48 === "string"){
if(!pattern1.test(data48)){
const err121 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/queue",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/queue/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.queue,data:data48};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
if(data42.timeout !== undefined){
let data49 = data42.timeout;
if((typeof data49 !== "string") && (!(((typeof data49 == "number") && (!(data49 % 1) && !isNaN(data49))) && (isFinite(data49))))){
let dataType35 = typeof data49;
let coerced35 = undefined;
if(!(coerced35 !== undefined)){
if(dataType35 == "number" || dataType35 == "boolean"){
coerced35 = "" + data49;
}
else if(data49 === null){
coerced35 = "";
}
else if(dataType35 === "boolean" || data49 === null
              || (dataType35 === "string" && data49 && data49 == +data49 && !(data49 % 1))){
coerced35 = +data49;
}
else {
const err122 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/timeout/type",keyword:"type",params:{type: schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout.type},message:"must be string,integer",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout,data:data49};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(coerced35 !== undefined){
data49 = coerced35;
if(data42 !== undefined){
data42["timeout"] = coerced35;
}
}
}
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 > 9007199254740991 || isNaN(data49)){
const err123 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/timeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout,data:data49};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
if(data49 < 0 || isNaN(data49)){
const err124 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/timeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout,data:data49};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(typeof data49 === "string"){
if(!pattern8.test(data49)){
const err125 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout,data:data49};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
if(!(formats2.validate(data49))){
const err126 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/timeout/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.timeout,data:data49};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
}
if(data42.policy !== undefined){
let data50 = data42.policy;
if(typeof data50 !== "string"){
let dataType36 = typeof data50;
let coerced36 = undefined;
if(!(coerced36 !== undefined)){
if(dataType36 == "number" || dataType36 == "boolean"){
coerced36 = "" + data50;
}
else if(data50 === null){
coerced36 = "";
}
else {
const err127 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/policy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.policy.type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.policy,data:data50};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
if(coerced36 !== undefined){
data50 = coerced36;
if(data42 !== undefined){
data42["policy"] = coerced36;
}
}
}
if(typeof data50 === "string"){
if(!pattern1.test(data50)){
const err128 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1")+"/policy",schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/properties/policy/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].properties.policy,data:data50};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
}
}
else {
const err129 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1].type,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf[1],data:data42};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
var _valid0 = _errs112 === errors;
valid14 = valid14 || _valid0;
}
if(!valid14){
const err130 = {instancePath:instancePath+"/targets/" + key17.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/targets/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].anyOf,parentSchema:schema11.properties.targets.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data42};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
else {
errors = _errs100;
if(vErrors !== null){
if(_errs100){
vErrors.length = _errs100;
}
else {
vErrors = null;
}
}
}
}
}
}
else {
const err131 = {instancePath:instancePath+"/targets",schemaPath:"#/properties/targets/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.targets.type,parentSchema:schema11.properties.targets,data:data41};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
if(data.webhooks !== undefined){
let data51 = data.webhooks;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
for(const key20 in data51){
if(!(pattern1.test(key20))){
const err132 = {instancePath:instancePath+"/webhooks",schemaPath:"#/properties/webhooks/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key20},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.webhooks,data:data51};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
for(const key21 in data51){
if(pattern1.test(key21)){
let data52 = data51[key21];
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.kind === undefined){
const err133 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].required,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data52};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
for(const key22 in data52){
if(!((((((key22 === "kind") || (key22 === "secret")) || (key22 === "entra")) || (key22 === "maxBodyBytes")) || (key22 === "remember")) || (key22 === "rememberMax"))){
const err134 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key22},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data52};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
if(data52.kind !== undefined){
let data53 = data52.kind;
if(typeof data53 !== "string"){
let dataType37 = typeof data53;
let coerced37 = undefined;
if(!(coerced37 !== undefined)){
if(dataType37 == "number" || dataType37 == "boolean"){
coerced37 = "" + data53;
}
else if(data53 === null){
coerced37 = "";
}
else {
const err135 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/kind",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.kind.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.kind,data:data53};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(coerced37 !== undefined){
data53 = coerced37;
if(data52 !== undefined){
data52["kind"] = coerced37;
}
}
}
if(!(data53 === "eventgrid")){
const err136 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/kind",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.kind.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.kind.enum,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.kind,data:data53};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
if(data52.secret !== undefined){
let data54 = data52.secret;
if(typeof data54 !== "string"){
let dataType38 = typeof data54;
let coerced38 = undefined;
if(!(coerced38 !== undefined)){
if(dataType38 == "number" || dataType38 == "boolean"){
coerced38 = "" + data54;
}
else if(data54 === null){
coerced38 = "";
}
else {
const err137 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/secret",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/secret/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.secret.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.secret,data:data54};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(coerced38 !== undefined){
data54 = coerced38;
if(data52 !== undefined){
data52["secret"] = coerced38;
}
}
}
if(typeof data54 === "string"){
if(func3(data54) < 16){
const err138 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/secret",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/secret/minLength",keyword:"minLength",params:{limit: 16},message:"must NOT have fewer than 16 characters",schema:16,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.secret,data:data54};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
}
if(data52.entra !== undefined){
let data55 = data52.entra;
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
if(data55.tenantId === undefined){
const err139 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/required",keyword:"required",params:{missingProperty: "tenantId"},message:"must have required property '"+"tenantId"+"'",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.required,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra,data:data55};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
if(data55.audience === undefined){
const err140 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/required",keyword:"required",params:{missingProperty: "audience"},message:"must have required property '"+"audience"+"'",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.required,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra,data:data55};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
for(const key23 in data55){
if(!((((key23 === "tenantId") || (key23 === "audience")) || (key23 === "issuer")) || (key23 === "jwksUri"))){
const err141 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key23},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra,data:data55};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
if(data55.tenantId !== undefined){
let data56 = data55.tenantId;
if(typeof data56 !== "string"){
let dataType39 = typeof data56;
let coerced39 = undefined;
if(!(coerced39 !== undefined)){
if(dataType39 == "number" || dataType39 == "boolean"){
coerced39 = "" + data56;
}
else if(data56 === null){
coerced39 = "";
}
else {
const err142 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/tenantId",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/tenantId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.tenantId.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.tenantId,data:data56};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
if(coerced39 !== undefined){
data56 = coerced39;
if(data55 !== undefined){
data55["tenantId"] = coerced39;
}
}
}
if(typeof data56 === "string"){
if(func3(data56) < 1){
const err143 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/tenantId",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/tenantId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.tenantId,data:data56};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
}
if(data55.audience !== undefined){
let data57 = data55.audience;
if(typeof data57 !== "string"){
let dataType40 = typeof data57;
let coerced40 = undefined;
if(!(coerced40 !== undefined)){
if(dataType40 == "number" || dataType40 == "boolean"){
coerced40 = "" + data57;
}
else if(data57 === null){
coerced40 = "";
}
else {
const err144 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/audience",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/audience/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.audience.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.audience,data:data57};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
if(coerced40 !== undefined){
data57 = coerced40;
if(data55 !== undefined){
data55["audience"] = coerced40;
}
}
}
if(typeof data57 === "string"){
if(func3(data57) < 1){
const err145 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/audience",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/audience/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.audience,data:data57};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
}
if(data55.issuer !== undefined){
let data58 = data55.issuer;
if(typeof data58 !== "string"){
let dataType41 = typeof data58;
let coerced41 = undefined;
if(!(coerced41 !== undefined)){
if(dataType41 == "number" || dataType41 == "boolean"){
coerced41 = "" + data58;
}
else if(data58 === null){
coerced41 = "";
}
else {
const err146 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/issuer",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/issuer/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.issuer.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.issuer,data:data58};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
if(coerced41 !== undefined){
data58 = coerced41;
if(data55 !== undefined){
data55["issuer"] = coerced41;
}
}
}
if(typeof data58 === "string"){
if(func3(data58) < 1){
const err147 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/issuer",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/issuer/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.issuer,data:data58};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
}
if(data55.jwksUri !== undefined){
let data59 = data55.jwksUri;
if(typeof data59 !== "string"){
let dataType42 = typeof data59;
let coerced42 = undefined;
if(!(coerced42 !== undefined)){
if(dataType42 == "number" || dataType42 == "boolean"){
coerced42 = "" + data59;
}
else if(data59 === null){
coerced42 = "";
}
else {
const err148 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/jwksUri",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/jwksUri/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.jwksUri.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.jwksUri,data:data59};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
if(coerced42 !== undefined){
data59 = coerced42;
if(data55 !== undefined){
data55["jwksUri"] = coerced42;
}
}
}
if(typeof data59 === "string"){
if(!pattern2.test(data59)){
const err149 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra/jwksUri",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/properties/jwksUri/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+"},message:"must match pattern \""+"^https?://[^\\s/?#]+"+"\"",schema:"^https?://[^\\s/?#]+",parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.properties.jwksUri,data:data59};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
}
}
}
else {
const err150 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/entra",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/entra/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.entra,data:data55};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
if(data52.maxBodyBytes !== undefined){
let data60 = data52.maxBodyBytes;
if((typeof data60 !== "string") && (!(((typeof data60 == "number") && (!(data60 % 1) && !isNaN(data60))) && (isFinite(data60))))){
let dataType43 = typeof data60;
let coerced43 = undefined;
if(!(coerced43 !== undefined)){
if(dataType43 == "number" || dataType43 == "boolean"){
coerced43 = "" + data60;
}
else if(data60 === null){
coerced43 = "";
}
else if(dataType43 === "boolean" || data60 === null
              || (dataType43 === "string" && data60 && data60 == +data60 && !(data60 % 1))){
coerced43 = +data60;
}
else {
const err151 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxBodyBytes",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxBodyBytes/type",keyword:"type",params:{type: schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes.type},message:"must be string,integer",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes,data:data60};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
if(coerced43 !== undefined){
data60 = coerced43;
if(data52 !== undefined){
data52["maxBodyBytes"] = coerced43;
}
}
}
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 > 9007199254740991 || isNaN(data60)){
const err152 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxBodyBytes",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxBodyBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes,data:data60};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(data60 < 0 || isNaN(data60)){
const err153 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxBodyBytes",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxBodyBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes,data:data60};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
if(typeof data60 === "string"){
if(!pattern7.test(data60)){
const err154 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxBodyBytes",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxBodyBytes/pattern",keyword:"pattern",params:{pattern: "^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$"},message:"must match pattern \""+"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$"+"\"",schema:"^\\d+(?:B|KB|KiB|MB|MiB|GB|GiB)?$",parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes,data:data60};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
if(!(formats0.validate(data60))){
const err155 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/maxBodyBytes",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/maxBodyBytes/format",keyword:"format",params:{format: "size"},message:"must match format \""+"size"+"\"",schema:"size",parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.maxBodyBytes,data:data60};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
}
if(data52.remember !== undefined){
let data61 = data52.remember;
if((typeof data61 !== "string") && (!(((typeof data61 == "number") && (!(data61 % 1) && !isNaN(data61))) && (isFinite(data61))))){
let dataType44 = typeof data61;
let coerced44 = undefined;
if(!(coerced44 !== undefined)){
if(dataType44 == "number" || dataType44 == "boolean"){
coerced44 = "" + data61;
}
else if(data61 === null){
coerced44 = "";
}
else if(dataType44 === "boolean" || data61 === null
              || (dataType44 === "string" && data61 && data61 == +data61 && !(data61 % 1))){
coerced44 = +data61;
}
else {
const err156 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/remember",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/remember/type",keyword:"type",params:{type: schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember.type},message:"must be string,integer",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember,data:data61};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
if(coerced44 !== undefined){
data61 = coerced44;
if(data52 !== undefined){
data52["remember"] = coerced44;
}
}
}
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 > 9007199254740991 || isNaN(data61)){
const err157 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/remember",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/remember/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember,data:data61};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
if(data61 < 0 || isNaN(data61)){
const err158 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/remember",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/remember/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember,data:data61};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(typeof data61 === "string"){
if(!pattern8.test(data61)){
const err159 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/remember",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/remember/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember,data:data61};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
if(!(formats2.validate(data61))){
const err160 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/remember",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/remember/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.remember,data:data61};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
}
if(data52.rememberMax !== undefined){
let data62 = data52.rememberMax;
if(!(((typeof data62 == "number") && (!(data62 % 1) && !isNaN(data62))) && (isFinite(data62)))){
let dataType45 = typeof data62;
let coerced45 = undefined;
if(!(coerced45 !== undefined)){
if(dataType45 === "boolean" || data62 === null
              || (dataType45 === "string" && data62 && data62 == +data62 && !(data62 % 1))){
coerced45 = +data62;
}
else {
const err161 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/rememberMax",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/rememberMax/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.rememberMax.type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.rememberMax,data:data62};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
if(coerced45 !== undefined){
data62 = coerced45;
if(data52 !== undefined){
data52["rememberMax"] = coerced45;
}
}
}
if((typeof data62 == "number") && (isFinite(data62))){
if(data62 > 10000000 || isNaN(data62)){
const err162 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/rememberMax",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/rememberMax/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000000},message:"must be <= 10000000",schema:10000000,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.rememberMax,data:data62};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
if(data62 < 0 || isNaN(data62)){
const err163 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1")+"/rememberMax",schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/rememberMax/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.rememberMax,data:data62};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
}
}
else {
const err164 = {instancePath:instancePath+"/webhooks/" + key21.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/webhooks/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.webhooks.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data52};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
}
}
}
else {
const err165 = {instancePath:instancePath+"/webhooks",schemaPath:"#/properties/webhooks/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.webhooks.type,parentSchema:schema11.properties.webhooks,data:data51};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
}
if(data.policies !== undefined){
let data63 = data.policies;
if(data63 && typeof data63 == "object" && !Array.isArray(data63)){
for(const key24 in data63){
if(!(pattern1.test(key24))){
const err166 = {instancePath:instancePath+"/policies",schemaPath:"#/properties/policies/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key24},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies,data:data63};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
}
for(const key25 in data63){
if(pattern1.test(key25)){
let data64 = data63[key25];
if(data64 && typeof data64 == "object" && !Array.isArray(data64)){
for(const key26 in data64){
if(!((((key26 === "timeout") || (key26 === "retry")) || (key26 === "circuitBreaker")) || (key26 === "bulkhead"))){
const err167 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key26},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data64};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
}
if(data64.timeout !== undefined){
let data65 = data64.timeout;
if((typeof data65 !== "string") && (!(((typeof data65 == "number") && (!(data65 % 1) && !isNaN(data65))) && (isFinite(data65))))){
let dataType46 = typeof data65;
let coerced46 = undefined;
if(!(coerced46 !== undefined)){
if(dataType46 == "number" || dataType46 == "boolean"){
coerced46 = "" + data65;
}
else if(data65 === null){
coerced46 = "";
}
else if(dataType46 === "boolean" || data65 === null
              || (dataType46 === "string" && data65 && data65 == +data65 && !(data65 % 1))){
coerced46 = +data65;
}
else {
const err168 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/timeout/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout,data:data65};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
}
if(coerced46 !== undefined){
data65 = coerced46;
if(data64 !== undefined){
data64["timeout"] = coerced46;
}
}
}
if((typeof data65 == "number") && (isFinite(data65))){
if(data65 > 9007199254740991 || isNaN(data65)){
const err169 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/timeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout,data:data65};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
if(data65 < 0 || isNaN(data65)){
const err170 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/timeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout,data:data65};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
}
if(typeof data65 === "string"){
if(!pattern8.test(data65)){
const err171 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout,data:data65};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
if(!(formats2.validate(data65))){
const err172 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/timeout",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/timeout/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.timeout,data:data65};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
}
}
if(data64.retry !== undefined){
let data66 = data64.retry;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
for(const key27 in data66){
if(!((((key27 === "maxAttempts") || (key27 === "initialBackoff")) || (key27 === "maxBackoff")) || (key27 === "budget"))){
const err173 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key27},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry,data:data66};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
if(data66.maxAttempts !== undefined){
let data67 = data66.maxAttempts;
if(!(((typeof data67 == "number") && (!(data67 % 1) && !isNaN(data67))) && (isFinite(data67)))){
let dataType47 = typeof data67;
let coerced47 = undefined;
if(!(coerced47 !== undefined)){
if(dataType47 === "boolean" || data67 === null
              || (dataType47 === "string" && data67 && data67 == +data67 && !(data67 % 1))){
coerced47 = +data67;
}
else {
const err174 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxAttempts",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxAttempts/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxAttempts.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxAttempts,data:data67};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
if(coerced47 !== undefined){
data67 = coerced47;
if(data66 !== undefined){
data66["maxAttempts"] = coerced47;
}
}
}
if((typeof data67 == "number") && (isFinite(data67))){
if(data67 > 10 || isNaN(data67)){
const err175 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxAttempts",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxAttempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10",schema:10,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxAttempts,data:data67};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
if(data67 < 1 || isNaN(data67)){
const err176 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxAttempts",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxAttempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxAttempts,data:data67};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
}
}
if(data66.initialBackoff !== undefined){
let data68 = data66.initialBackoff;
if((typeof data68 !== "string") && (!(((typeof data68 == "number") && (!(data68 % 1) && !isNaN(data68))) && (isFinite(data68))))){
let dataType48 = typeof data68;
let coerced48 = undefined;
if(!(coerced48 !== undefined)){
if(dataType48 == "number" || dataType48 == "boolean"){
coerced48 = "" + data68;
}
else if(data68 === null){
coerced48 = "";
}
else if(dataType48 === "boolean" || data68 === null
              || (dataType48 === "string" && data68 && data68 == +data68 && !(data68 % 1))){
coerced48 = +data68;
}
else {
const err177 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initialBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/initialBackoff/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff,data:data68};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
}
if(coerced48 !== undefined){
data68 = coerced48;
if(data66 !== undefined){
data66["initialBackoff"] = coerced48;
}
}
}
if((typeof data68 == "number") && (isFinite(data68))){
if(data68 > 9007199254740991 || isNaN(data68)){
const err178 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initialBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/initialBackoff/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff,data:data68};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
if(data68 < 0 || isNaN(data68)){
const err179 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initialBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/initialBackoff/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff,data:data68};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
if(typeof data68 === "string"){
if(!pattern8.test(data68)){
const err180 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initialBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/initialBackoff/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff,data:data68};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
if(!(formats2.validate(data68))){
const err181 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/initialBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/initialBackoff/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.initialBackoff,data:data68};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
}
if(data66.maxBackoff !== undefined){
let data69 = data66.maxBackoff;
if((typeof data69 !== "string") && (!(((typeof data69 == "number") && (!(data69 % 1) && !isNaN(data69))) && (isFinite(data69))))){
let dataType49 = typeof data69;
let coerced49 = undefined;
if(!(coerced49 !== undefined)){
if(dataType49 == "number" || dataType49 == "boolean"){
coerced49 = "" + data69;
}
else if(data69 === null){
coerced49 = "";
}
else if(dataType49 === "boolean" || data69 === null
              || (dataType49 === "string" && data69 && data69 == +data69 && !(data69 % 1))){
coerced49 = +data69;
}
else {
const err182 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxBackoff/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff,data:data69};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
}
if(coerced49 !== undefined){
data69 = coerced49;
if(data66 !== undefined){
data66["maxBackoff"] = coerced49;
}
}
}
if((typeof data69 == "number") && (isFinite(data69))){
if(data69 > 9007199254740991 || isNaN(data69)){
const err183 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxBackoff/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff,data:data69};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
if(data69 < 0 || isNaN(data69)){
const err184 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxBackoff/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff,data:data69};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
}
if(typeof data69 === "string"){
if(!pattern8.test(data69)){
const err185 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxBackoff/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff,data:data69};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
if(!(formats2.validate(data69))){
const err186 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/maxBackoff",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/maxBackoff/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.maxBackoff,data:data69};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
}
if(data66.budget !== undefined){
let data70 = data66.budget;
if(data70 && typeof data70 == "object" && !Array.isArray(data70)){
for(const key28 in data70){
if(!(((key28 === "ratio") || (key28 === "minPerSecond")) || (key28 === "window"))){
const err187 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key28},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget,data:data70};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
}
if(data70.ratio !== undefined){
let data71 = data70.ratio;
if(!((typeof data71 == "number") && (isFinite(data71)))){
let dataType50 = typeof data71;
let coerced50 = undefined;
if(!(coerced50 !== undefined)){
if(dataType50 == "boolean" || data71 === null
              || (dataType50 == "string" && data71 && data71 == +data71)){
coerced50 = +data71;
}
else {
const err188 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/ratio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/ratio/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.ratio.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.ratio,data:data71};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
if(coerced50 !== undefined){
data71 = coerced50;
if(data70 !== undefined){
data70["ratio"] = coerced50;
}
}
}
if((typeof data71 == "number") && (isFinite(data71))){
if(data71 > 1 || isNaN(data71)){
const err189 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/ratio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/ratio/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.ratio,data:data71};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
if(data71 < 0 || isNaN(data71)){
const err190 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/ratio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/ratio/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.ratio,data:data71};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
}
}
if(data70.minPerSecond !== undefined){
let data72 = data70.minPerSecond;
if(!((typeof data72 == "number") && (isFinite(data72)))){
let dataType51 = typeof data72;
let coerced51 = undefined;
if(!(coerced51 !== undefined)){
if(dataType51 == "boolean" || data72 === null
              || (dataType51 == "string" && data72 && data72 == +data72)){
coerced51 = +data72;
}
else {
const err191 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/minPerSecond",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/minPerSecond/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.minPerSecond.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.minPerSecond,data:data72};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
}
if(coerced51 !== undefined){
data72 = coerced51;
if(data70 !== undefined){
data70["minPerSecond"] = coerced51;
}
}
}
if((typeof data72 == "number") && (isFinite(data72))){
if(data72 < 0 || isNaN(data72)){
const err192 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/minPerSecond",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/minPerSecond/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.minPerSecond,data:data72};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
}
if(data70.window !== undefined){
let data73 = data70.window;
if((typeof data73 !== "string") && (!(((typeof data73 == "number") && (!(data73 % 1) && !isNaN(data73))) && (isFinite(data73))))){
let dataType52 = typeof data73;
let coerced52 = undefined;
if(!(coerced52 !== undefined)){
if(dataType52 == "number" || dataType52 == "boolean"){
coerced52 = "" + data73;
}
else if(data73 === null){
coerced52 = "";
}
else if(dataType52 === "boolean" || data73 === null
              || (dataType52 === "string" && data73 && data73 == +data73 && !(data73 % 1))){
coerced52 = +data73;
}
else {
const err193 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/window/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window,data:data73};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
if(coerced52 !== undefined){
data73 = coerced52;
if(data70 !== undefined){
data70["window"] = coerced52;
}
}
}
if((typeof data73 == "number") && (isFinite(data73))){
if(data73 > 9007199254740991 || isNaN(data73)){
const err194 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/window/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window,data:data73};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
if(data73 < 0 || isNaN(data73)){
const err195 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/window/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window,data:data73};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
if(typeof data73 === "string"){
if(!pattern8.test(data73)){
const err196 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/window/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window,data:data73};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
if(!(formats2.validate(data73))){
const err197 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/properties/window/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.properties.window,data:data73};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
}
}
else {
const err198 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry/budget",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/properties/budget/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.properties.budget,data:data70};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
}
}
else {
const err199 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/retry",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.retry,data:data66};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
}
if(data64.circuitBreaker !== undefined){
let data74 = data64.circuitBreaker;
if(data74 && typeof data74 == "object" && !Array.isArray(data74)){
for(const key29 in data74){
if(!(((((key29 === "consecutiveFailures") || (key29 === "failureRatio")) || (key29 === "minimumCalls")) || (key29 === "window")) || (key29 === "halfOpenAfter"))){
const err200 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key29},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker,data:data74};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
if(data74.consecutiveFailures !== undefined){
let data75 = data74.consecutiveFailures;
if(!(((typeof data75 == "number") && (!(data75 % 1) && !isNaN(data75))) && (isFinite(data75)))){
let dataType53 = typeof data75;
let coerced53 = undefined;
if(!(coerced53 !== undefined)){
if(dataType53 === "boolean" || data75 === null
              || (dataType53 === "string" && data75 && data75 == +data75 && !(data75 % 1))){
coerced53 = +data75;
}
else {
const err201 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/consecutiveFailures",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/consecutiveFailures/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.consecutiveFailures.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.consecutiveFailures,data:data75};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
}
if(coerced53 !== undefined){
data75 = coerced53;
if(data74 !== undefined){
data74["consecutiveFailures"] = coerced53;
}
}
}
if((typeof data75 == "number") && (isFinite(data75))){
if(data75 < 1 || isNaN(data75)){
const err202 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/consecutiveFailures",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/consecutiveFailures/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.consecutiveFailures,data:data75};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
}
}
if(data74.failureRatio !== undefined){
let data76 = data74.failureRatio;
if(!((typeof data76 == "number") && (isFinite(data76)))){
let dataType54 = typeof data76;
let coerced54 = undefined;
if(!(coerced54 !== undefined)){
if(dataType54 == "boolean" || data76 === null
              || (dataType54 == "string" && data76 && data76 == +data76)){
coerced54 = +data76;
}
else {
const err203 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/failureRatio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/failureRatio/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.failureRatio.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.failureRatio,data:data76};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
}
if(coerced54 !== undefined){
data76 = coerced54;
if(data74 !== undefined){
data74["failureRatio"] = coerced54;
}
}
}
if((typeof data76 == "number") && (isFinite(data76))){
if(data76 > 1 || isNaN(data76)){
const err204 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/failureRatio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/failureRatio/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.failureRatio,data:data76};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
if(data76 <= 0 || isNaN(data76)){
const err205 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/failureRatio",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/failureRatio/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.failureRatio,data:data76};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
}
}
if(data74.minimumCalls !== undefined){
let data77 = data74.minimumCalls;
if(!(((typeof data77 == "number") && (!(data77 % 1) && !isNaN(data77))) && (isFinite(data77)))){
let dataType55 = typeof data77;
let coerced55 = undefined;
if(!(coerced55 !== undefined)){
if(dataType55 === "boolean" || data77 === null
              || (dataType55 === "string" && data77 && data77 == +data77 && !(data77 % 1))){
coerced55 = +data77;
}
else {
const err206 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/minimumCalls",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/minimumCalls/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.minimumCalls.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.minimumCalls,data:data77};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
}
if(coerced55 !== undefined){
data77 = coerced55;
if(data74 !== undefined){
data74["minimumCalls"] = coerced55;
}
}
}
if((typeof data77 == "number") && (isFinite(data77))){
if(data77 < 1 || isNaN(data77)){
const err207 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/minimumCalls",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/minimumCalls/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.minimumCalls,data:data77};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
}
}
if(data74.window !== undefined){
let data78 = data74.window;
if((typeof data78 !== "string") && (!(((typeof data78 == "number") && (!(data78 % 1) && !isNaN(data78))) && (isFinite(data78))))){
let dataType56 = typeof data78;
let coerced56 = undefined;
if(!(coerced56 !== undefined)){
if(dataType56 == "number" || dataType56 == "boolean"){
coerced56 = "" + data78;
}
else if(data78 === null){
coerced56 = "";
}
else if(dataType56 === "boolean" || data78 === null
              || (dataType56 === "string" && data78 && data78 == +data78 && !(data78 % 1))){
coerced56 = +data78;
}
else {
const err208 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/window/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window,data:data78};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
}
if(coerced56 !== undefined){
data78 = coerced56;
if(data74 !== undefined){
data74["window"] = coerced56;
}
}
}
if((typeof data78 == "number") && (isFinite(data78))){
if(data78 > 9007199254740991 || isNaN(data78)){
const err209 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/window/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window,data:data78};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
if(data78 < 0 || isNaN(data78)){
const err210 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/window/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window,data:data78};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
}
if(typeof data78 === "string"){
if(!pattern8.test(data78)){
const err211 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/window/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window,data:data78};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
if(!(formats2.validate(data78))){
const err212 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/window",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/window/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.window,data:data78};
if(vErrors === null){
vErrors = [err212];
}
else {
vErrors.push(err212);
}
errors++;
}
}
}
if(data74.halfOpenAfter !== undefined){
let data79 = data74.halfOpenAfter;
if((typeof data79 !== "string") && (!(((typeof data79 == "number") && (!(data79 % 1) && !isNaN(data79))) && (isFinite(data79))))){
let dataType57 = typeof data79;
let coerced57 = undefined;
if(!(coerced57 !== undefined)){
if(dataType57 == "number" || dataType57 == "boolean"){
coerced57 = "" + data79;
}
else if(data79 === null){
coerced57 = "";
}
else if(dataType57 === "boolean" || data79 === null
              || (dataType57 === "string" && data79 && data79 == +data79 && !(data79 % 1))){
coerced57 = +data79;
}
else {
const err213 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/halfOpenAfter",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/halfOpenAfter/type",keyword:"type",params:{type: schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter.type},message:"must be string,integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter,data:data79};
if(vErrors === null){
vErrors = [err213];
}
else {
vErrors.push(err213);
}
errors++;
}
}
if(coerced57 !== undefined){
data79 = coerced57;
if(data74 !== undefined){
data74["halfOpenAfter"] = coerced57;
}
}
}
if((typeof data79 == "number") && (isFinite(data79))){
if(data79 > 9007199254740991 || isNaN(data79)){
const err214 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/halfOpenAfter",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/halfOpenAfter/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter,data:data79};
if(vErrors === null){
vErrors = [err214];
}
else {
vErrors.push(err214);
}
errors++;
}
if(data79 < 0 || isNaN(data79)){
const err215 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/halfOpenAfter",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/halfOpenAfter/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter,data:data79};
if(vErrors === null){
vErrors = [err215];
}
else {
vErrors.push(err215);
}
errors++;
}
}
if(typeof data79 === "string"){
if(!pattern8.test(data79)){
const err216 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/halfOpenAfter",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/halfOpenAfter/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter,data:data79};
if(vErrors === null){
vErrors = [err216];
}
else {
vErrors.push(err216);
}
errors++;
}
if(!(formats2.validate(data79))){
const err217 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker/halfOpenAfter",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/properties/halfOpenAfter/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.properties.halfOpenAfter,data:data79};
if(vErrors === null){
vErrors = [err217];
}
else {
vErrors.push(err217);
}
errors++;
}
}
}
}
else {
const err218 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/circuitBreaker",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/circuitBreaker/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.circuitBreaker,data:data74};
if(vErrors === null){
vErrors = [err218];
}
else {
vErrors.push(err218);
}
errors++;
}
}
if(data64.bulkhead !== undefined){
let data80 = data64.bulkhead;
if(data80 && typeof data80 == "object" && !Array.isArray(data80)){
for(const key30 in data80){
if(!((key30 === "maxConcurrent") || (key30 === "maxQueue"))){
const err219 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key30},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead,data:data80};
if(vErrors === null){
vErrors = [err219];
}
else {
vErrors.push(err219);
}
errors++;
}
}
if(data80.maxConcurrent !== undefined){
let data81 = data80.maxConcurrent;
if(!(((typeof data81 == "number") && (!(data81 % 1) && !isNaN(data81))) && (isFinite(data81)))){
let dataType58 = typeof data81;
let coerced58 = undefined;
if(!(coerced58 !== undefined)){
if(dataType58 === "boolean" || data81 === null
              || (dataType58 === "string" && data81 && data81 == +data81 && !(data81 % 1))){
coerced58 = +data81;
}
else {
const err220 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxConcurrent",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxConcurrent/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxConcurrent.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxConcurrent,data:data81};
if(vErrors === null){
vErrors = [err220];
}
else {
vErrors.push(err220);
}
errors++;
}
}
if(coerced58 !== undefined){
data81 = coerced58;
if(data80 !== undefined){
data80["maxConcurrent"] = coerced58;
}
}
}
if((typeof data81 == "number") && (isFinite(data81))){
if(data81 > 10000 || isNaN(data81)){
const err221 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxConcurrent",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxConcurrent/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxConcurrent,data:data81};
if(vErrors === null){
vErrors = [err221];
}
else {
vErrors.push(err221);
}
errors++;
}
if(data81 < 1 || isNaN(data81)){
const err222 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxConcurrent",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxConcurrent/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxConcurrent,data:data81};
if(vErrors === null){
vErrors = [err222];
}
else {
vErrors.push(err222);
}
errors++;
}
}
}
if(data80.maxQueue !== undefined){
let data82 = data80.maxQueue;
if(!(((typeof data82 == "number") && (!(data82 % 1) && !isNaN(data82))) && (isFinite(data82)))){
let dataType59 = typeof data82;
let coerced59 = undefined;
if(!(coerced59 !== undefined)){
if(dataType59 === "boolean" || data82 === null
              || (dataType59 === "string" && data82 && data82 == +data82 && !(data82 % 1))){
coerced59 = +data82;
}
else {
const err223 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxQueue",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxQueue/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxQueue.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxQueue,data:data82};
if(vErrors === null){
vErrors = [err223];
}
else {
vErrors.push(err223);
}
errors++;
}
}
if(coerced59 !== undefined){
data82 = coerced59;
if(data80 !== undefined){
data80["maxQueue"] = coerced59;
}
}
}
if((typeof data82 == "number") && (isFinite(data82))){
if(data82 > 100000 || isNaN(data82)){
const err224 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxQueue",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxQueue/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000",schema:100000,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxQueue,data:data82};
if(vErrors === null){
vErrors = [err224];
}
else {
vErrors.push(err224);
}
errors++;
}
if(data82 < 0 || isNaN(data82)){
const err225 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead/maxQueue",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/properties/maxQueue/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.properties.maxQueue,data:data82};
if(vErrors === null){
vErrors = [err225];
}
else {
vErrors.push(err225);
}
errors++;
}
}
}
}
else {
const err226 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1")+"/bulkhead",schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/bulkhead/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead.type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.bulkhead,data:data80};
if(vErrors === null){
vErrors = [err226];
}
else {
vErrors.push(err226);
}
errors++;
}
}
}
else {
const err227 = {instancePath:instancePath+"/policies/" + key25.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/policies/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.policies.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data64};
if(vErrors === null){
vErrors = [err227];
}
else {
vErrors.push(err227);
}
errors++;
}
}
}
}
else {
const err228 = {instancePath:instancePath+"/policies",schemaPath:"#/properties/policies/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.policies.type,parentSchema:schema11.properties.policies,data:data63};
if(vErrors === null){
vErrors = [err228];
}
else {
vErrors.push(err228);
}
errors++;
}
}
if(data.subscriptions !== undefined){
let data83 = data.subscriptions;
if(Array.isArray(data83)){
const len0 = data83.length;
for(let i0=0; i0<len0; i0++){
let data84 = data83[i0];
if(data84 && typeof data84 == "object" && !Array.isArray(data84)){
if(data84.name === undefined){
const err229 = {instancePath:instancePath+"/subscriptions/" + i0,schemaPath:"#/properties/subscriptions/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.properties.subscriptions.items.required,parentSchema:schema11.properties.subscriptions.items,data:data84};
if(vErrors === null){
vErrors = [err229];
}
else {
vErrors.push(err229);
}
errors++;
}
if(data84.from === undefined){
const err230 = {instancePath:instancePath+"/subscriptions/" + i0,schemaPath:"#/properties/subscriptions/items/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'",schema:schema11.properties.subscriptions.items.required,parentSchema:schema11.properties.subscriptions.items,data:data84};
if(vErrors === null){
vErrors = [err230];
}
else {
vErrors.push(err230);
}
errors++;
}
for(const key31 in data84){
if(!(func2.call(schema11.properties.subscriptions.items.properties, key31))){
const err231 = {instancePath:instancePath+"/subscriptions/" + i0,schemaPath:"#/properties/subscriptions/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key31},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items,data:data84};
if(vErrors === null){
vErrors = [err231];
}
else {
vErrors.push(err231);
}
errors++;
}
}
if(data84.name !== undefined){
let data85 = data84.name;
if(typeof data85 !== "string"){
let dataType60 = typeof data85;
let coerced60 = undefined;
if(!(coerced60 !== undefined)){
if(dataType60 == "number" || dataType60 == "boolean"){
coerced60 = "" + data85;
}
else if(data85 === null){
coerced60 = "";
}
else {
const err232 = {instancePath:instancePath+"/subscriptions/" + i0+"/name",schemaPath:"#/properties/subscriptions/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.name.type,parentSchema:schema11.properties.subscriptions.items.properties.name,data:data85};
if(vErrors === null){
vErrors = [err232];
}
else {
vErrors.push(err232);
}
errors++;
}
}
if(coerced60 !== undefined){
data85 = coerced60;
if(data84 !== undefined){
data84["name"] = coerced60;
}
}
}
if(typeof data85 === "string"){
if(!pattern1.test(data85)){
const err233 = {instancePath:instancePath+"/subscriptions/" + i0+"/name",schemaPath:"#/properties/subscriptions/items/properties/name/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.name,data:data85};
if(vErrors === null){
vErrors = [err233];
}
else {
vErrors.push(err233);
}
errors++;
}
}
}
if(data84.from !== undefined){
let data86 = data84.from;
const _errs204 = errors;
let valid29 = false;
const _errs205 = errors;
if(data86 && typeof data86 == "object" && !Array.isArray(data86)){
if(data86.queue === undefined){
const err234 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/0/required",keyword:"required",params:{missingProperty: "queue"},message:"must have required property '"+"queue"+"'",schema:schema11.properties.subscriptions.items.properties.from.anyOf[0].required,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[0],data:data86};
if(vErrors === null){
vErrors = [err234];
}
else {
vErrors.push(err234);
}
errors++;
}
for(const key32 in data86){
if(!(key32 === "queue")){
const err235 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key32},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[0],data:data86};
if(vErrors === null){
vErrors = [err235];
}
else {
vErrors.push(err235);
}
errors++;
}
}
if(data86.queue !== undefined){
let data87 = data86.queue;
if(typeof data87 !== "string"){
let dataType61 = typeof data87;
let coerced61 = undefined;
if(!(coerced61 !== undefined)){
if(dataType61 == "number" || dataType61 == "boolean"){
coerced61 = "" + data87;
}
else if(data87 === null){
coerced61 = "";
}
else {
const err236 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/queue",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/0/properties/queue/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[0].properties.queue.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[0].properties.queue,data:data87};
if(vErrors === null){
vErrors = [err236];
}
else {
vErrors.push(err236);
}
errors++;
}
}
if(coerced61 !== undefined){
data87 = coerced61;
if(data86 !== undefined){
data86["queue"] = coerced61;
}
}
}
if(typeof data87 === "string"){
if(!pattern1.test(data87)){
const err237 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/queue",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/0/properties/queue/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[0].properties.queue,data:data87};
if(vErrors === null){
vErrors = [err237];
}
else {
vErrors.push(err237);
}
errors++;
}
}
}
}
else {
const err238 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[0].type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[0],data:data86};
if(vErrors === null){
vErrors = [err238];
}
else {
vErrors.push(err238);
}
errors++;
}
var _valid1 = _errs205 === errors;
valid29 = valid29 || _valid1;
if(!valid29){
const _errs210 = errors;
if(data86 && typeof data86 == "object" && !Array.isArray(data86)){
if(data86.topic === undefined){
const err239 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/required",keyword:"required",params:{missingProperty: "topic"},message:"must have required property '"+"topic"+"'",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].required,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1],data:data86};
if(vErrors === null){
vErrors = [err239];
}
else {
vErrors.push(err239);
}
errors++;
}
for(const key33 in data86){
if(!((key33 === "topic") || (key33 === "filter"))){
const err240 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key33},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1],data:data86};
if(vErrors === null){
vErrors = [err240];
}
else {
vErrors.push(err240);
}
errors++;
}
}
if(data86.topic !== undefined){
let data88 = data86.topic;
if(typeof data88 !== "string"){
let dataType62 = typeof data88;
let coerced62 = undefined;
if(!(coerced62 !== undefined)){
if(dataType62 == "number" || dataType62 == "boolean"){
coerced62 = "" + data88;
}
else if(data88 === null){
coerced62 = "";
}
else {
const err241 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/topic",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/topic/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.topic.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.topic,data:data88};
if(vErrors === null){
vErrors = [err241];
}
else {
vErrors.push(err241);
}
errors++;
}
}
if(coerced62 !== undefined){
data88 = coerced62;
if(data86 !== undefined){
data86["topic"] = coerced62;
}
}
}
if(typeof data88 === "string"){
if(!pattern1.test(data88)){
const err242 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/topic",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/topic/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.topic,data:data88};
if(vErrors === null){
vErrors = [err242];
}
else {
vErrors.push(err242);
}
errors++;
}
}
}
if(data86.filter !== undefined){
let data89 = data86.filter;
if(data89 && typeof data89 == "object" && !Array.isArray(data89)){
for(const key34 in data89){
if(!((key34 === "type") || (key34 === "subjectPrefix"))){
const err243 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key34},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter,data:data89};
if(vErrors === null){
vErrors = [err243];
}
else {
vErrors.push(err243);
}
errors++;
}
}
if(data89.type !== undefined){
let data90 = data89.type;
if((typeof data90 !== "string") && (!(Array.isArray(data90)))){
let dataType63 = typeof data90;
let coerced63 = undefined;
if(!(coerced63 !== undefined)){
if(dataType63 == "number" || dataType63 == "boolean"){
coerced63 = "" + data90;
}
else if(data90 === null){
coerced63 = "";
}
else {
const err244 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/type/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type.type},message:"must be string,array",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type,data:data90};
if(vErrors === null){
vErrors = [err244];
}
else {
vErrors.push(err244);
}
errors++;
}
}
if(coerced63 !== undefined){
data90 = coerced63;
if(data89 !== undefined){
data89["type"] = coerced63;
}
}
}
if(typeof data90 === "string"){
if(func3(data90) < 1){
const err245 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/type/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type,data:data90};
if(vErrors === null){
vErrors = [err245];
}
else {
vErrors.push(err245);
}
errors++;
}
}
if(Array.isArray(data90)){
if(data90.length < 1){
const err246 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type,data:data90};
if(vErrors === null){
vErrors = [err246];
}
else {
vErrors.push(err246);
}
errors++;
}
const len1 = data90.length;
for(let i1=0; i1<len1; i1++){
let data91 = data90[i1];
if(typeof data91 !== "string"){
let dataType64 = typeof data91;
let coerced64 = undefined;
if(!(coerced64 !== undefined)){
if(dataType64 == "number" || dataType64 == "boolean"){
coerced64 = "" + data91;
}
else if(data91 === null){
coerced64 = "";
}
else {
const err247 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type/" + i1,schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type.items.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type.items,data:data91};
if(vErrors === null){
vErrors = [err247];
}
else {
vErrors.push(err247);
}
errors++;
}
}
if(coerced64 !== undefined){
data91 = coerced64;
if(data90 !== undefined){
data90[i1] = coerced64;
}
}
}
if(typeof data91 === "string"){
if(func3(data91) < 1){
const err248 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type/" + i1,schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/type/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.type.items,data:data91};
if(vErrors === null){
vErrors = [err248];
}
else {
vErrors.push(err248);
}
errors++;
}
}
}
}
}
if(data89.subjectPrefix !== undefined){
let data92 = data89.subjectPrefix;
if(typeof data92 !== "string"){
let dataType65 = typeof data92;
let coerced65 = undefined;
if(!(coerced65 !== undefined)){
if(dataType65 == "number" || dataType65 == "boolean"){
coerced65 = "" + data92;
}
else if(data92 === null){
coerced65 = "";
}
else {
const err249 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/subjectPrefix",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/subjectPrefix/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.subjectPrefix.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.subjectPrefix,data:data92};
if(vErrors === null){
vErrors = [err249];
}
else {
vErrors.push(err249);
}
errors++;
}
}
if(coerced65 !== undefined){
data92 = coerced65;
if(data89 !== undefined){
data89["subjectPrefix"] = coerced65;
}
}
}
if(typeof data92 === "string"){
if(func3(data92) < 1){
const err250 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/subjectPrefix",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/properties/subjectPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.properties.subjectPrefix,data:data92};
if(vErrors === null){
vErrors = [err250];
}
else {
vErrors.push(err250);
}
errors++;
}
}
}
}
else {
const err251 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/properties/filter/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1].properties.filter,data:data89};
if(vErrors === null){
vErrors = [err251];
}
else {
vErrors.push(err251);
}
errors++;
}
}
}
else {
const err252 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[1].type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[1],data:data86};
if(vErrors === null){
vErrors = [err252];
}
else {
vErrors.push(err252);
}
errors++;
}
var _valid1 = _errs210 === errors;
valid29 = valid29 || _valid1;
if(!valid29){
const _errs224 = errors;
if(data86 && typeof data86 == "object" && !Array.isArray(data86)){
if(data86.stream === undefined){
const err253 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/required",keyword:"required",params:{missingProperty: "stream"},message:"must have required property '"+"stream"+"'",schema:schema11.properties.subscriptions.items.properties.from.anyOf[2].required,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2],data:data86};
if(vErrors === null){
vErrors = [err253];
}
else {
vErrors.push(err253);
}
errors++;
}
for(const key35 in data86){
if(!(((key35 === "stream") || (key35 === "group")) || (key35 === "start"))){
const err254 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key35},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2],data:data86};
if(vErrors === null){
vErrors = [err254];
}
else {
vErrors.push(err254);
}
errors++;
}
}
if(data86.stream !== undefined){
let data93 = data86.stream;
if(typeof data93 !== "string"){
let dataType66 = typeof data93;
let coerced66 = undefined;
if(!(coerced66 !== undefined)){
if(dataType66 == "number" || dataType66 == "boolean"){
coerced66 = "" + data93;
}
else if(data93 === null){
coerced66 = "";
}
else {
const err255 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/stream",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/stream/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.stream.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.stream,data:data93};
if(vErrors === null){
vErrors = [err255];
}
else {
vErrors.push(err255);
}
errors++;
}
}
if(coerced66 !== undefined){
data93 = coerced66;
if(data86 !== undefined){
data86["stream"] = coerced66;
}
}
}
if(typeof data93 === "string"){
if(!pattern1.test(data93)){
const err256 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/stream",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/stream/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.stream,data:data93};
if(vErrors === null){
vErrors = [err256];
}
else {
vErrors.push(err256);
}
errors++;
}
}
}
if(data86.group !== undefined){
let data94 = data86.group;
if(typeof data94 !== "string"){
let dataType67 = typeof data94;
let coerced67 = undefined;
if(!(coerced67 !== undefined)){
if(dataType67 == "number" || dataType67 == "boolean"){
coerced67 = "" + data94;
}
else if(data94 === null){
coerced67 = "";
}
else {
const err257 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/group",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/group/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.group.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.group,data:data94};
if(vErrors === null){
vErrors = [err257];
}
else {
vErrors.push(err257);
}
errors++;
}
}
if(coerced67 !== undefined){
data94 = coerced67;
if(data86 !== undefined){
data86["group"] = coerced67;
}
}
}
if(typeof data94 === "string"){
if(!pattern1.test(data94)){
const err258 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/group",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/group/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.group,data:data94};
if(vErrors === null){
vErrors = [err258];
}
else {
vErrors.push(err258);
}
errors++;
}
}
}
if(data86.start !== undefined){
let data95 = data86.start;
if(typeof data95 !== "string"){
let dataType68 = typeof data95;
let coerced68 = undefined;
if(!(coerced68 !== undefined)){
if(dataType68 == "number" || dataType68 == "boolean"){
coerced68 = "" + data95;
}
else if(data95 === null){
coerced68 = "";
}
else {
const err259 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/start",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/start/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.start.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.start,data:data95};
if(vErrors === null){
vErrors = [err259];
}
else {
vErrors.push(err259);
}
errors++;
}
}
if(coerced68 !== undefined){
data95 = coerced68;
if(data86 !== undefined){
data86["start"] = coerced68;
}
}
}
if(typeof data95 === "string"){
if(!pattern52.test(data95)){
const err260 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/start",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/start/pattern",keyword:"pattern",params:{pattern: "^earliest$|^latest$|^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$"},message:"must match pattern \""+"^earliest$|^latest$|^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$"+"\"",schema:"^earliest$|^latest$|^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.start,data:data95};
if(vErrors === null){
vErrors = [err260];
}
else {
vErrors.push(err260);
}
errors++;
}
if(!(formats32.validate(data95))){
const err261 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/start",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/properties/start/format",keyword:"format",params:{format: "stream-start"},message:"must match format \""+"stream-start"+"\"",schema:"stream-start",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2].properties.start,data:data95};
if(vErrors === null){
vErrors = [err261];
}
else {
vErrors.push(err261);
}
errors++;
}
}
}
}
else {
const err262 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[2].type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[2],data:data86};
if(vErrors === null){
vErrors = [err262];
}
else {
vErrors.push(err262);
}
errors++;
}
var _valid1 = _errs224 === errors;
valid29 = valid29 || _valid1;
if(!valid29){
const _errs233 = errors;
if(data86 && typeof data86 == "object" && !Array.isArray(data86)){
if(data86.webhook === undefined){
const err263 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/required",keyword:"required",params:{missingProperty: "webhook"},message:"must have required property '"+"webhook"+"'",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].required,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3],data:data86};
if(vErrors === null){
vErrors = [err263];
}
else {
vErrors.push(err263);
}
errors++;
}
for(const key36 in data86){
if(!((key36 === "webhook") || (key36 === "filter"))){
const err264 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key36},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3],data:data86};
if(vErrors === null){
vErrors = [err264];
}
else {
vErrors.push(err264);
}
errors++;
}
}
if(data86.webhook !== undefined){
let data96 = data86.webhook;
if(typeof data96 !== "string"){
let dataType69 = typeof data96;
let coerced69 = undefined;
if(!(coerced69 !== undefined)){
if(dataType69 == "number" || dataType69 == "boolean"){
coerced69 = "" + data96;
}
else if(data96 === null){
coerced69 = "";
}
else {
const err265 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/webhook",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/webhook/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.webhook.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.webhook,data:data96};
if(vErrors === null){
vErrors = [err265];
}
else {
vErrors.push(err265);
}
errors++;
}
}
if(coerced69 !== undefined){
data96 = coerced69;
if(data86 !== undefined){
data86["webhook"] = coerced69;
}
}
}
if(typeof data96 === "string"){
if(!pattern1.test(data96)){
const err266 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/webhook",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/webhook/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.webhook,data:data96};
if(vErrors === null){
vErrors = [err266];
}
else {
vErrors.push(err266);
}
errors++;
}
}
}
if(data86.filter !== undefined){
let data97 = data86.filter;
if(data97 && typeof data97 == "object" && !Array.isArray(data97)){
for(const key37 in data97){
if(!((key37 === "type") || (key37 === "subjectPrefix"))){
const err267 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key37},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter,data:data97};
if(vErrors === null){
vErrors = [err267];
}
else {
vErrors.push(err267);
}
errors++;
}
}
if(data97.type !== undefined){
let data98 = data97.type;
if((typeof data98 !== "string") && (!(Array.isArray(data98)))){
let dataType70 = typeof data98;
let coerced70 = undefined;
if(!(coerced70 !== undefined)){
if(dataType70 == "number" || dataType70 == "boolean"){
coerced70 = "" + data98;
}
else if(data98 === null){
coerced70 = "";
}
else {
const err268 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/type/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type.type},message:"must be string,array",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type,data:data98};
if(vErrors === null){
vErrors = [err268];
}
else {
vErrors.push(err268);
}
errors++;
}
}
if(coerced70 !== undefined){
data98 = coerced70;
if(data97 !== undefined){
data97["type"] = coerced70;
}
}
}
if(typeof data98 === "string"){
if(func3(data98) < 1){
const err269 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/type/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type,data:data98};
if(vErrors === null){
vErrors = [err269];
}
else {
vErrors.push(err269);
}
errors++;
}
}
if(Array.isArray(data98)){
if(data98.length < 1){
const err270 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/type/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type,data:data98};
if(vErrors === null){
vErrors = [err270];
}
else {
vErrors.push(err270);
}
errors++;
}
const len2 = data98.length;
for(let i2=0; i2<len2; i2++){
let data99 = data98[i2];
if(typeof data99 !== "string"){
let dataType71 = typeof data99;
let coerced71 = undefined;
if(!(coerced71 !== undefined)){
if(dataType71 == "number" || dataType71 == "boolean"){
coerced71 = "" + data99;
}
else if(data99 === null){
coerced71 = "";
}
else {
const err271 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type/" + i2,schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/type/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type.items.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type.items,data:data99};
if(vErrors === null){
vErrors = [err271];
}
else {
vErrors.push(err271);
}
errors++;
}
}
if(coerced71 !== undefined){
data99 = coerced71;
if(data98 !== undefined){
data98[i2] = coerced71;
}
}
}
if(typeof data99 === "string"){
if(func3(data99) < 1){
const err272 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/type/" + i2,schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/type/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.type.items,data:data99};
if(vErrors === null){
vErrors = [err272];
}
else {
vErrors.push(err272);
}
errors++;
}
}
}
}
}
if(data97.subjectPrefix !== undefined){
let data100 = data97.subjectPrefix;
if(typeof data100 !== "string"){
let dataType72 = typeof data100;
let coerced72 = undefined;
if(!(coerced72 !== undefined)){
if(dataType72 == "number" || dataType72 == "boolean"){
coerced72 = "" + data100;
}
else if(data100 === null){
coerced72 = "";
}
else {
const err273 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/subjectPrefix",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/subjectPrefix/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.subjectPrefix.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.subjectPrefix,data:data100};
if(vErrors === null){
vErrors = [err273];
}
else {
vErrors.push(err273);
}
errors++;
}
}
if(coerced72 !== undefined){
data100 = coerced72;
if(data97 !== undefined){
data97["subjectPrefix"] = coerced72;
}
}
}
if(typeof data100 === "string"){
if(func3(data100) < 1){
const err274 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter/subjectPrefix",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/properties/subjectPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.properties.subjectPrefix,data:data100};
if(vErrors === null){
vErrors = [err274];
}
else {
vErrors.push(err274);
}
errors++;
}
}
}
}
else {
const err275 = {instancePath:instancePath+"/subscriptions/" + i0+"/from/filter",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/properties/filter/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter.type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3].properties.filter,data:data97};
if(vErrors === null){
vErrors = [err275];
}
else {
vErrors.push(err275);
}
errors++;
}
}
}
else {
const err276 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.from.anyOf[3].type,parentSchema:schema11.properties.subscriptions.items.properties.from.anyOf[3],data:data86};
if(vErrors === null){
vErrors = [err276];
}
else {
vErrors.push(err276);
}
errors++;
}
var _valid1 = _errs233 === errors;
valid29 = valid29 || _valid1;
}
}
}
if(!valid29){
const err277 = {instancePath:instancePath+"/subscriptions/" + i0+"/from",schemaPath:"#/properties/subscriptions/items/properties/from/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.subscriptions.items.properties.from.anyOf,parentSchema:schema11.properties.subscriptions.items.properties.from,data:data86};
if(vErrors === null){
vErrors = [err277];
}
else {
vErrors.push(err277);
}
errors++;
}
else {
errors = _errs204;
if(vErrors !== null){
if(_errs204){
vErrors.length = _errs204;
}
else {
vErrors = null;
}
}
}
}
if(data84.deliver !== undefined){
let data101 = data84.deliver;
if(typeof data101 !== "string"){
let dataType73 = typeof data101;
let coerced73 = undefined;
if(!(coerced73 !== undefined)){
if(dataType73 == "number" || dataType73 == "boolean"){
coerced73 = "" + data101;
}
else if(data101 === null){
coerced73 = "";
}
else {
const err278 = {instancePath:instancePath+"/subscriptions/" + i0+"/deliver",schemaPath:"#/properties/subscriptions/items/properties/deliver/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.deliver.type,parentSchema:schema11.properties.subscriptions.items.properties.deliver,data:data101};
if(vErrors === null){
vErrors = [err278];
}
else {
vErrors.push(err278);
}
errors++;
}
}
if(coerced73 !== undefined){
data101 = coerced73;
if(data84 !== undefined){
data84["deliver"] = coerced73;
}
}
}
if(typeof data101 === "string"){
if(!pattern54.test(data101)){
const err279 = {instancePath:instancePath+"/subscriptions/" + i0+"/deliver",schemaPath:"#/properties/subscriptions/items/properties/deliver/pattern",keyword:"pattern",params:{pattern: "^/"},message:"must match pattern \""+"^/"+"\"",schema:"^/",parentSchema:schema11.properties.subscriptions.items.properties.deliver,data:data101};
if(vErrors === null){
vErrors = [err279];
}
else {
vErrors.push(err279);
}
errors++;
}
}
}
if(data84.concurrency !== undefined){
let data102 = data84.concurrency;
if(!(((typeof data102 == "number") && (!(data102 % 1) && !isNaN(data102))) && (isFinite(data102)))){
let dataType74 = typeof data102;
let coerced74 = undefined;
if(!(coerced74 !== undefined)){
if(dataType74 === "boolean" || data102 === null
              || (dataType74 === "string" && data102 && data102 == +data102 && !(data102 % 1))){
coerced74 = +data102;
}
else {
const err280 = {instancePath:instancePath+"/subscriptions/" + i0+"/concurrency",schemaPath:"#/properties/subscriptions/items/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.subscriptions.items.properties.concurrency.type,parentSchema:schema11.properties.subscriptions.items.properties.concurrency,data:data102};
if(vErrors === null){
vErrors = [err280];
}
else {
vErrors.push(err280);
}
errors++;
}
}
if(coerced74 !== undefined){
data102 = coerced74;
if(data84 !== undefined){
data84["concurrency"] = coerced74;
}
}
}
if((typeof data102 == "number") && (isFinite(data102))){
if(data102 > 1024 || isNaN(data102)){
const err281 = {instancePath:instancePath+"/subscriptions/" + i0+"/concurrency",schemaPath:"#/properties/subscriptions/items/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema11.properties.subscriptions.items.properties.concurrency,data:data102};
if(vErrors === null){
vErrors = [err281];
}
else {
vErrors.push(err281);
}
errors++;
}
if(data102 < 1 || isNaN(data102)){
const err282 = {instancePath:instancePath+"/subscriptions/" + i0+"/concurrency",schemaPath:"#/properties/subscriptions/items/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.concurrency,data:data102};
if(vErrors === null){
vErrors = [err282];
}
else {
vErrors.push(err282);
}
errors++;
}
}
}
if(data84.ordered !== undefined){
let data103 = data84.ordered;
if(typeof data103 !== "boolean"){
let coerced75 = undefined;
if(!(coerced75 !== undefined)){
if(data103 === "false" || data103 === 0 || data103 === null){
coerced75 = false;
}
else if(data103 === "true" || data103 === 1){
coerced75 = true;
}
else {
const err283 = {instancePath:instancePath+"/subscriptions/" + i0+"/ordered",schemaPath:"#/properties/subscriptions/items/properties/ordered/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.subscriptions.items.properties.ordered.type,parentSchema:schema11.properties.subscriptions.items.properties.ordered,data:data103};
if(vErrors === null){
vErrors = [err283];
}
else {
vErrors.push(err283);
}
errors++;
}
}
if(coerced75 !== undefined){
data103 = coerced75;
if(data84 !== undefined){
data84["ordered"] = coerced75;
}
}
}
}
if(data84.maxDeliveries !== undefined){
let data104 = data84.maxDeliveries;
if(!(((typeof data104 == "number") && (!(data104 % 1) && !isNaN(data104))) && (isFinite(data104)))){
let dataType76 = typeof data104;
let coerced76 = undefined;
if(!(coerced76 !== undefined)){
if(dataType76 === "boolean" || data104 === null
              || (dataType76 === "string" && data104 && data104 == +data104 && !(data104 % 1))){
coerced76 = +data104;
}
else {
const err284 = {instancePath:instancePath+"/subscriptions/" + i0+"/maxDeliveries",schemaPath:"#/properties/subscriptions/items/properties/maxDeliveries/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.subscriptions.items.properties.maxDeliveries.type,parentSchema:schema11.properties.subscriptions.items.properties.maxDeliveries,data:data104};
if(vErrors === null){
vErrors = [err284];
}
else {
vErrors.push(err284);
}
errors++;
}
}
if(coerced76 !== undefined){
data104 = coerced76;
if(data84 !== undefined){
data84["maxDeliveries"] = coerced76;
}
}
}
if((typeof data104 == "number") && (isFinite(data104))){
if(data104 < 1 || isNaN(data104)){
const err285 = {instancePath:instancePath+"/subscriptions/" + i0+"/maxDeliveries",schemaPath:"#/properties/subscriptions/items/properties/maxDeliveries/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.subscriptions.items.properties.maxDeliveries,data:data104};
if(vErrors === null){
vErrors = [err285];
}
else {
vErrors.push(err285);
}
errors++;
}
}
}
if(data84.lease !== undefined){
let data105 = data84.lease;
if((typeof data105 !== "string") && (!(((typeof data105 == "number") && (!(data105 % 1) && !isNaN(data105))) && (isFinite(data105))))){
let dataType77 = typeof data105;
let coerced77 = undefined;
if(!(coerced77 !== undefined)){
if(dataType77 == "number" || dataType77 == "boolean"){
coerced77 = "" + data105;
}
else if(data105 === null){
coerced77 = "";
}
else if(dataType77 === "boolean" || data105 === null
              || (dataType77 === "string" && data105 && data105 == +data105 && !(data105 % 1))){
coerced77 = +data105;
}
else {
const err286 = {instancePath:instancePath+"/subscriptions/" + i0+"/lease",schemaPath:"#/properties/subscriptions/items/properties/lease/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.lease.type},message:"must be string,integer",schema:schema11.properties.subscriptions.items.properties.lease.type,parentSchema:schema11.properties.subscriptions.items.properties.lease,data:data105};
if(vErrors === null){
vErrors = [err286];
}
else {
vErrors.push(err286);
}
errors++;
}
}
if(coerced77 !== undefined){
data105 = coerced77;
if(data84 !== undefined){
data84["lease"] = coerced77;
}
}
}
if((typeof data105 == "number") && (isFinite(data105))){
if(data105 > 9007199254740991 || isNaN(data105)){
const err287 = {instancePath:instancePath+"/subscriptions/" + i0+"/lease",schemaPath:"#/properties/subscriptions/items/properties/lease/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.subscriptions.items.properties.lease,data:data105};
if(vErrors === null){
vErrors = [err287];
}
else {
vErrors.push(err287);
}
errors++;
}
if(data105 < 0 || isNaN(data105)){
const err288 = {instancePath:instancePath+"/subscriptions/" + i0+"/lease",schemaPath:"#/properties/subscriptions/items/properties/lease/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.subscriptions.items.properties.lease,data:data105};
if(vErrors === null){
vErrors = [err288];
}
else {
vErrors.push(err288);
}
errors++;
}
}
if(typeof data105 === "string"){
if(!pattern8.test(data105)){
const err289 = {instancePath:instancePath+"/subscriptions/" + i0+"/lease",schemaPath:"#/properties/subscriptions/items/properties/lease/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.subscriptions.items.properties.lease,data:data105};
if(vErrors === null){
vErrors = [err289];
}
else {
vErrors.push(err289);
}
errors++;
}
if(!(formats2.validate(data105))){
const err290 = {instancePath:instancePath+"/subscriptions/" + i0+"/lease",schemaPath:"#/properties/subscriptions/items/properties/lease/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.subscriptions.items.properties.lease,data:data105};
if(vErrors === null){
vErrors = [err290];
}
else {
vErrors.push(err290);
}
errors++;
}
}
}
if(data84.timeout !== undefined){
let data106 = data84.timeout;
if((typeof data106 !== "string") && (!(((typeof data106 == "number") && (!(data106 % 1) && !isNaN(data106))) && (isFinite(data106))))){
let dataType78 = typeof data106;
let coerced78 = undefined;
if(!(coerced78 !== undefined)){
if(dataType78 == "number" || dataType78 == "boolean"){
coerced78 = "" + data106;
}
else if(data106 === null){
coerced78 = "";
}
else if(dataType78 === "boolean" || data106 === null
              || (dataType78 === "string" && data106 && data106 == +data106 && !(data106 % 1))){
coerced78 = +data106;
}
else {
const err291 = {instancePath:instancePath+"/subscriptions/" + i0+"/timeout",schemaPath:"#/properties/subscriptions/items/properties/timeout/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.timeout.type},message:"must be string,integer",schema:schema11.properties.subscriptions.items.properties.timeout.type,parentSchema:schema11.properties.subscriptions.items.properties.timeout,data:data106};
if(vErrors === null){
vErrors = [err291];
}
else {
vErrors.push(err291);
}
errors++;
}
}
if(coerced78 !== undefined){
data106 = coerced78;
if(data84 !== undefined){
data84["timeout"] = coerced78;
}
}
}
if((typeof data106 == "number") && (isFinite(data106))){
if(data106 > 9007199254740991 || isNaN(data106)){
const err292 = {instancePath:instancePath+"/subscriptions/" + i0+"/timeout",schemaPath:"#/properties/subscriptions/items/properties/timeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.subscriptions.items.properties.timeout,data:data106};
if(vErrors === null){
vErrors = [err292];
}
else {
vErrors.push(err292);
}
errors++;
}
if(data106 < 0 || isNaN(data106)){
const err293 = {instancePath:instancePath+"/subscriptions/" + i0+"/timeout",schemaPath:"#/properties/subscriptions/items/properties/timeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.subscriptions.items.properties.timeout,data:data106};
if(vErrors === null){
vErrors = [err293];
}
else {
vErrors.push(err293);
}
errors++;
}
}
if(typeof data106 === "string"){
if(!pattern8.test(data106)){
const err294 = {instancePath:instancePath+"/subscriptions/" + i0+"/timeout",schemaPath:"#/properties/subscriptions/items/properties/timeout/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.subscriptions.items.properties.timeout,data:data106};
if(vErrors === null){
vErrors = [err294];
}
else {
vErrors.push(err294);
}
errors++;
}
if(!(formats2.validate(data106))){
const err295 = {instancePath:instancePath+"/subscriptions/" + i0+"/timeout",schemaPath:"#/properties/subscriptions/items/properties/timeout/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.subscriptions.items.properties.timeout,data:data106};
if(vErrors === null){
vErrors = [err295];
}
else {
vErrors.push(err295);
}
errors++;
}
}
}
if(data84.retry !== undefined){
let data107 = data84.retry;
if(data107 && typeof data107 == "object" && !Array.isArray(data107)){
for(const key38 in data107){
if(!((key38 === "initialBackoff") || (key38 === "maxBackoff"))){
const err296 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry",schemaPath:"#/properties/subscriptions/items/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key38},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.subscriptions.items.properties.retry,data:data107};
if(vErrors === null){
vErrors = [err296];
}
else {
vErrors.push(err296);
}
errors++;
}
}
if(data107.initialBackoff !== undefined){
let data108 = data107.initialBackoff;
if((typeof data108 !== "string") && (!(((typeof data108 == "number") && (!(data108 % 1) && !isNaN(data108))) && (isFinite(data108))))){
let dataType79 = typeof data108;
let coerced79 = undefined;
if(!(coerced79 !== undefined)){
if(dataType79 == "number" || dataType79 == "boolean"){
coerced79 = "" + data108;
}
else if(data108 === null){
coerced79 = "";
}
else if(dataType79 === "boolean" || data108 === null
              || (dataType79 === "string" && data108 && data108 == +data108 && !(data108 % 1))){
coerced79 = +data108;
}
else {
const err297 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/initialBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/initialBackoff/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff.type},message:"must be string,integer",schema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff.type,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff,data:data108};
if(vErrors === null){
vErrors = [err297];
}
else {
vErrors.push(err297);
}
errors++;
}
}
if(coerced79 !== undefined){
data108 = coerced79;
if(data107 !== undefined){
data107["initialBackoff"] = coerced79;
}
}
}
if((typeof data108 == "number") && (isFinite(data108))){
if(data108 > 9007199254740991 || isNaN(data108)){
const err298 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/initialBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/initialBackoff/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff,data:data108};
if(vErrors === null){
vErrors = [err298];
}
else {
vErrors.push(err298);
}
errors++;
}
if(data108 < 0 || isNaN(data108)){
const err299 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/initialBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/initialBackoff/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff,data:data108};
if(vErrors === null){
vErrors = [err299];
}
else {
vErrors.push(err299);
}
errors++;
}
}
if(typeof data108 === "string"){
if(!pattern8.test(data108)){
const err300 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/initialBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/initialBackoff/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff,data:data108};
if(vErrors === null){
vErrors = [err300];
}
else {
vErrors.push(err300);
}
errors++;
}
if(!(formats2.validate(data108))){
const err301 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/initialBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/initialBackoff/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.initialBackoff,data:data108};
if(vErrors === null){
vErrors = [err301];
}
else {
vErrors.push(err301);
}
errors++;
}
}
}
if(data107.maxBackoff !== undefined){
let data109 = data107.maxBackoff;
if((typeof data109 !== "string") && (!(((typeof data109 == "number") && (!(data109 % 1) && !isNaN(data109))) && (isFinite(data109))))){
let dataType80 = typeof data109;
let coerced80 = undefined;
if(!(coerced80 !== undefined)){
if(dataType80 == "number" || dataType80 == "boolean"){
coerced80 = "" + data109;
}
else if(data109 === null){
coerced80 = "";
}
else if(dataType80 === "boolean" || data109 === null
              || (dataType80 === "string" && data109 && data109 == +data109 && !(data109 % 1))){
coerced80 = +data109;
}
else {
const err302 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/maxBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/maxBackoff/type",keyword:"type",params:{type: schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff.type},message:"must be string,integer",schema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff.type,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff,data:data109};
if(vErrors === null){
vErrors = [err302];
}
else {
vErrors.push(err302);
}
errors++;
}
}
if(coerced80 !== undefined){
data109 = coerced80;
if(data107 !== undefined){
data107["maxBackoff"] = coerced80;
}
}
}
if((typeof data109 == "number") && (isFinite(data109))){
if(data109 > 9007199254740991 || isNaN(data109)){
const err303 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/maxBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/maxBackoff/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff,data:data109};
if(vErrors === null){
vErrors = [err303];
}
else {
vErrors.push(err303);
}
errors++;
}
if(data109 < 0 || isNaN(data109)){
const err304 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/maxBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/maxBackoff/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff,data:data109};
if(vErrors === null){
vErrors = [err304];
}
else {
vErrors.push(err304);
}
errors++;
}
}
if(typeof data109 === "string"){
if(!pattern8.test(data109)){
const err305 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/maxBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/maxBackoff/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff,data:data109};
if(vErrors === null){
vErrors = [err305];
}
else {
vErrors.push(err305);
}
errors++;
}
if(!(formats2.validate(data109))){
const err306 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry/maxBackoff",schemaPath:"#/properties/subscriptions/items/properties/retry/properties/maxBackoff/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.subscriptions.items.properties.retry.properties.maxBackoff,data:data109};
if(vErrors === null){
vErrors = [err306];
}
else {
vErrors.push(err306);
}
errors++;
}
}
}
}
else {
const err307 = {instancePath:instancePath+"/subscriptions/" + i0+"/retry",schemaPath:"#/properties/subscriptions/items/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.properties.retry.type,parentSchema:schema11.properties.subscriptions.items.properties.retry,data:data107};
if(vErrors === null){
vErrors = [err307];
}
else {
vErrors.push(err307);
}
errors++;
}
}
if(data84.policy !== undefined){
let data110 = data84.policy;
if(typeof data110 !== "string"){
let dataType81 = typeof data110;
let coerced81 = undefined;
if(!(coerced81 !== undefined)){
if(dataType81 == "number" || dataType81 == "boolean"){
coerced81 = "" + data110;
}
else if(data110 === null){
coerced81 = "";
}
else {
const err308 = {instancePath:instancePath+"/subscriptions/" + i0+"/policy",schemaPath:"#/properties/subscriptions/items/properties/policy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.subscriptions.items.properties.policy.type,parentSchema:schema11.properties.subscriptions.items.properties.policy,data:data110};
if(vErrors === null){
vErrors = [err308];
}
else {
vErrors.push(err308);
}
errors++;
}
}
if(coerced81 !== undefined){
data110 = coerced81;
if(data84 !== undefined){
data84["policy"] = coerced81;
}
}
}
if(typeof data110 === "string"){
if(!pattern1.test(data110)){
const err309 = {instancePath:instancePath+"/subscriptions/" + i0+"/policy",schemaPath:"#/properties/subscriptions/items/properties/policy/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.subscriptions.items.properties.policy,data:data110};
if(vErrors === null){
vErrors = [err309];
}
else {
vErrors.push(err309);
}
errors++;
}
}
}
if(data84.serve !== undefined){
let data111 = data84.serve;
if(typeof data111 !== "boolean"){
let coerced82 = undefined;
if(!(coerced82 !== undefined)){
if(data111 === "false" || data111 === 0 || data111 === null){
coerced82 = false;
}
else if(data111 === "true" || data111 === 1){
coerced82 = true;
}
else {
const err310 = {instancePath:instancePath+"/subscriptions/" + i0+"/serve",schemaPath:"#/properties/subscriptions/items/properties/serve/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.subscriptions.items.properties.serve.type,parentSchema:schema11.properties.subscriptions.items.properties.serve,data:data111};
if(vErrors === null){
vErrors = [err310];
}
else {
vErrors.push(err310);
}
errors++;
}
}
if(coerced82 !== undefined){
data111 = coerced82;
if(data84 !== undefined){
data84["serve"] = coerced82;
}
}
}
}
}
else {
const err311 = {instancePath:instancePath+"/subscriptions/" + i0,schemaPath:"#/properties/subscriptions/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.subscriptions.items.type,parentSchema:schema11.properties.subscriptions.items,data:data84};
if(vErrors === null){
vErrors = [err311];
}
else {
vErrors.push(err311);
}
errors++;
}
}
}
else {
const err312 = {instancePath:instancePath+"/subscriptions",schemaPath:"#/properties/subscriptions/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.subscriptions.type,parentSchema:schema11.properties.subscriptions,data:data83};
if(vErrors === null){
vErrors = [err312];
}
else {
vErrors.push(err312);
}
errors++;
}
}
if(data.dapr !== undefined){
let data112 = data.dapr;
if(data112 && typeof data112 == "object" && !Array.isArray(data112)){
for(const key39 in data112){
if(!(func2.call(schema11.properties.dapr.properties, key39))){
const err313 = {instancePath:instancePath+"/dapr",schemaPath:"#/properties/dapr/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key39},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dapr,data:data112};
if(vErrors === null){
vErrors = [err313];
}
else {
vErrors.push(err313);
}
errors++;
}
}
if(data112.httpAddr !== undefined){
let data113 = data112.httpAddr;
if(typeof data113 !== "string"){
let dataType83 = typeof data113;
let coerced83 = undefined;
if(!(coerced83 !== undefined)){
if(dataType83 == "number" || dataType83 == "boolean"){
coerced83 = "" + data113;
}
else if(data113 === null){
coerced83 = "";
}
else {
const err314 = {instancePath:instancePath+"/dapr/httpAddr",schemaPath:"#/properties/dapr/properties/httpAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.httpAddr.type,parentSchema:schema11.properties.dapr.properties.httpAddr,data:data113};
if(vErrors === null){
vErrors = [err314];
}
else {
vErrors.push(err314);
}
errors++;
}
}
if(coerced83 !== undefined){
data113 = coerced83;
if(data112 !== undefined){
data112["httpAddr"] = coerced83;
}
}
}
if(typeof data113 === "string"){
if(!pattern3.test(data113)){
const err315 = {instancePath:instancePath+"/dapr/httpAddr",schemaPath:"#/properties/dapr/properties/httpAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.dapr.properties.httpAddr,data:data113};
if(vErrors === null){
vErrors = [err315];
}
else {
vErrors.push(err315);
}
errors++;
}
}
}
if(data112.httpPort !== undefined){
let data114 = data112.httpPort;
if(!(((typeof data114 == "number") && (!(data114 % 1) && !isNaN(data114))) && (isFinite(data114)))){
let dataType84 = typeof data114;
let coerced84 = undefined;
if(!(coerced84 !== undefined)){
if(dataType84 === "boolean" || data114 === null
              || (dataType84 === "string" && data114 && data114 == +data114 && !(data114 % 1))){
coerced84 = +data114;
}
else {
const err316 = {instancePath:instancePath+"/dapr/httpPort",schemaPath:"#/properties/dapr/properties/httpPort/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.dapr.properties.httpPort.type,parentSchema:schema11.properties.dapr.properties.httpPort,data:data114};
if(vErrors === null){
vErrors = [err316];
}
else {
vErrors.push(err316);
}
errors++;
}
}
if(coerced84 !== undefined){
data114 = coerced84;
if(data112 !== undefined){
data112["httpPort"] = coerced84;
}
}
}
if((typeof data114 == "number") && (isFinite(data114))){
if(data114 > 65535 || isNaN(data114)){
const err317 = {instancePath:instancePath+"/dapr/httpPort",schemaPath:"#/properties/dapr/properties/httpPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.dapr.properties.httpPort,data:data114};
if(vErrors === null){
vErrors = [err317];
}
else {
vErrors.push(err317);
}
errors++;
}
if(data114 < 1 || isNaN(data114)){
const err318 = {instancePath:instancePath+"/dapr/httpPort",schemaPath:"#/properties/dapr/properties/httpPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.dapr.properties.httpPort,data:data114};
if(vErrors === null){
vErrors = [err318];
}
else {
vErrors.push(err318);
}
errors++;
}
}
}
if(data112.grpcAddr !== undefined){
let data115 = data112.grpcAddr;
if(typeof data115 !== "string"){
let dataType85 = typeof data115;
let coerced85 = undefined;
if(!(coerced85 !== undefined)){
if(dataType85 == "number" || dataType85 == "boolean"){
coerced85 = "" + data115;
}
else if(data115 === null){
coerced85 = "";
}
else {
const err319 = {instancePath:instancePath+"/dapr/grpcAddr",schemaPath:"#/properties/dapr/properties/grpcAddr/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.grpcAddr.type,parentSchema:schema11.properties.dapr.properties.grpcAddr,data:data115};
if(vErrors === null){
vErrors = [err319];
}
else {
vErrors.push(err319);
}
errors++;
}
}
if(coerced85 !== undefined){
data115 = coerced85;
if(data112 !== undefined){
data112["grpcAddr"] = coerced85;
}
}
}
if(typeof data115 === "string"){
if(!pattern3.test(data115)){
const err320 = {instancePath:instancePath+"/dapr/grpcAddr",schemaPath:"#/properties/dapr/properties/grpcAddr/pattern",keyword:"pattern",params:{pattern: "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"},message:"must match pattern \""+"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$"+"\"",schema:"^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]*):\\d{1,5}$",parentSchema:schema11.properties.dapr.properties.grpcAddr,data:data115};
if(vErrors === null){
vErrors = [err320];
}
else {
vErrors.push(err320);
}
errors++;
}
}
}
if(data112.grpcPort !== undefined){
let data116 = data112.grpcPort;
if(!(((typeof data116 == "number") && (!(data116 % 1) && !isNaN(data116))) && (isFinite(data116)))){
let dataType86 = typeof data116;
let coerced86 = undefined;
if(!(coerced86 !== undefined)){
if(dataType86 === "boolean" || data116 === null
              || (dataType86 === "string" && data116 && data116 == +data116 && !(data116 % 1))){
coerced86 = +data116;
}
else {
const err321 = {instancePath:instancePath+"/dapr/grpcPort",schemaPath:"#/properties/dapr/properties/grpcPort/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.dapr.properties.grpcPort.type,parentSchema:schema11.properties.dapr.properties.grpcPort,data:data116};
if(vErrors === null){
vErrors = [err321];
}
else {
vErrors.push(err321);
}
errors++;
}
}
if(coerced86 !== undefined){
data116 = coerced86;
if(data112 !== undefined){
data112["grpcPort"] = coerced86;
}
}
}
if((typeof data116 == "number") && (isFinite(data116))){
if(data116 > 65535 || isNaN(data116)){
const err322 = {instancePath:instancePath+"/dapr/grpcPort",schemaPath:"#/properties/dapr/properties/grpcPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.dapr.properties.grpcPort,data:data116};
if(vErrors === null){
vErrors = [err322];
}
else {
vErrors.push(err322);
}
errors++;
}
if(data116 < 1 || isNaN(data116)){
const err323 = {instancePath:instancePath+"/dapr/grpcPort",schemaPath:"#/properties/dapr/properties/grpcPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.dapr.properties.grpcPort,data:data116};
if(vErrors === null){
vErrors = [err323];
}
else {
vErrors.push(err323);
}
errors++;
}
}
}
if(data112.appProtocol !== undefined){
let data117 = data112.appProtocol;
const _errs282 = errors;
let valid42 = false;
const _errs283 = errors;
if(typeof data117 !== "string"){
let dataType87 = typeof data117;
let coerced87 = undefined;
if(!(coerced87 !== undefined)){
if(dataType87 == "number" || dataType87 == "boolean"){
coerced87 = "" + data117;
}
else if(data117 === null){
coerced87 = "";
}
else {
const err324 = {instancePath:instancePath+"/dapr/appProtocol",schemaPath:"#/properties/dapr/properties/appProtocol/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.appProtocol.anyOf[0].type,parentSchema:schema11.properties.dapr.properties.appProtocol.anyOf[0],data:data117};
if(vErrors === null){
vErrors = [err324];
}
else {
vErrors.push(err324);
}
errors++;
}
}
if(coerced87 !== undefined){
data117 = coerced87;
if(data112 !== undefined){
data112["appProtocol"] = coerced87;
}
}
}
if("http" !== data117){
const err325 = {instancePath:instancePath+"/dapr/appProtocol",schemaPath:"#/properties/dapr/properties/appProtocol/anyOf/0/const",keyword:"const",params:{allowedValue: "http"},message:"must be equal to constant",schema:"http",parentSchema:schema11.properties.dapr.properties.appProtocol.anyOf[0],data:data117};
if(vErrors === null){
vErrors = [err325];
}
else {
vErrors.push(err325);
}
errors++;
}
var _valid2 = _errs283 === errors;
valid42 = valid42 || _valid2;
if(!valid42){
const _errs285 = errors;
if(typeof data117 !== "string"){
let dataType88 = typeof data117;
let coerced88 = undefined;
if(!(coerced88 !== undefined)){
if(dataType88 == "number" || dataType88 == "boolean"){
coerced88 = "" + data117;
}
else if(data117 === null){
coerced88 = "";
}
else {
const err326 = {instancePath:instancePath+"/dapr/appProtocol",schemaPath:"#/properties/dapr/properties/appProtocol/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.appProtocol.anyOf[1].type,parentSchema:schema11.properties.dapr.properties.appProtocol.anyOf[1],data:data117};
if(vErrors === null){
vErrors = [err326];
}
else {
vErrors.push(err326);
}
errors++;
}
}
if(coerced88 !== undefined){
data117 = coerced88;
if(data112 !== undefined){
data112["appProtocol"] = coerced88;
}
}
}
if("grpc" !== data117){
const err327 = {instancePath:instancePath+"/dapr/appProtocol",schemaPath:"#/properties/dapr/properties/appProtocol/anyOf/1/const",keyword:"const",params:{allowedValue: "grpc"},message:"must be equal to constant",schema:"grpc",parentSchema:schema11.properties.dapr.properties.appProtocol.anyOf[1],data:data117};
if(vErrors === null){
vErrors = [err327];
}
else {
vErrors.push(err327);
}
errors++;
}
var _valid2 = _errs285 === errors;
valid42 = valid42 || _valid2;
}
if(!valid42){
const err328 = {instancePath:instancePath+"/dapr/appProtocol",schemaPath:"#/properties/dapr/properties/appProtocol/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.dapr.properties.appProtocol.anyOf,parentSchema:schema11.properties.dapr.properties.appProtocol,data:data117};
if(vErrors === null){
vErrors = [err328];
}
else {
vErrors.push(err328);
}
errors++;
}
else {
errors = _errs282;
if(vErrors !== null){
if(_errs282){
vErrors.length = _errs282;
}
else {
vErrors = null;
}
}
}
}
if(data112.resourcesPath !== undefined){
let data118 = data112.resourcesPath;
if(typeof data118 !== "string"){
let dataType89 = typeof data118;
let coerced89 = undefined;
if(!(coerced89 !== undefined)){
if(dataType89 == "number" || dataType89 == "boolean"){
coerced89 = "" + data118;
}
else if(data118 === null){
coerced89 = "";
}
else {
const err329 = {instancePath:instancePath+"/dapr/resourcesPath",schemaPath:"#/properties/dapr/properties/resourcesPath/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.resourcesPath.type,parentSchema:schema11.properties.dapr.properties.resourcesPath,data:data118};
if(vErrors === null){
vErrors = [err329];
}
else {
vErrors.push(err329);
}
errors++;
}
}
if(coerced89 !== undefined){
data118 = coerced89;
if(data112 !== undefined){
data112["resourcesPath"] = coerced89;
}
}
}
if(typeof data118 === "string"){
if(func3(data118) < 1){
const err330 = {instancePath:instancePath+"/dapr/resourcesPath",schemaPath:"#/properties/dapr/properties/resourcesPath/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dapr.properties.resourcesPath,data:data118};
if(vErrors === null){
vErrors = [err330];
}
else {
vErrors.push(err330);
}
errors++;
}
}
}
if(data112.pubsubs !== undefined){
let data119 = data112.pubsubs;
if(data119 && typeof data119 == "object" && !Array.isArray(data119)){
for(const key40 in data119){
if(!(pattern1.test(key40))){
const err331 = {instancePath:instancePath+"/dapr/pubsubs",schemaPath:"#/properties/dapr/properties/pubsubs/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key40},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dapr.properties.pubsubs,data:data119};
if(vErrors === null){
vErrors = [err331];
}
else {
vErrors.push(err331);
}
errors++;
}
}
for(const key41 in data119){
if(pattern1.test(key41)){
let data120 = data119[key41];
if(data120 && typeof data120 == "object" && !Array.isArray(data120)){
if(data120.broker === undefined){
const err332 = {instancePath:instancePath+"/dapr/pubsubs/" + key41.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dapr/properties/pubsubs/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/required",keyword:"required",params:{missingProperty: "broker"},message:"must have required property '"+"broker"+"'",schema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].required,parentSchema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data120};
if(vErrors === null){
vErrors = [err332];
}
else {
vErrors.push(err332);
}
errors++;
}
for(const key42 in data120){
if(!(key42 === "broker")){
const err333 = {instancePath:instancePath+"/dapr/pubsubs/" + key41.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dapr/properties/pubsubs/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key42},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data120};
if(vErrors === null){
vErrors = [err333];
}
else {
vErrors.push(err333);
}
errors++;
}
}
if(data120.broker !== undefined){
let data121 = data120.broker;
if(typeof data121 !== "string"){
let dataType90 = typeof data121;
let coerced90 = undefined;
if(!(coerced90 !== undefined)){
if(dataType90 == "number" || dataType90 == "boolean"){
coerced90 = "" + data121;
}
else if(data121 === null){
coerced90 = "";
}
else {
const err334 = {instancePath:instancePath+"/dapr/pubsubs/" + key41.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/dapr/properties/pubsubs/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker.type,parentSchema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data121};
if(vErrors === null){
vErrors = [err334];
}
else {
vErrors.push(err334);
}
errors++;
}
}
if(coerced90 !== undefined){
data121 = coerced90;
if(data120 !== undefined){
data120["broker"] = coerced90;
}
}
}
if(typeof data121 === "string"){
if(!pattern1.test(data121)){
const err335 = {instancePath:instancePath+"/dapr/pubsubs/" + key41.replace(/~/g, "~0").replace(/\//g, "~1")+"/broker",schemaPath:"#/properties/dapr/properties/pubsubs/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/properties/broker/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",parentSchema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].properties.broker,data:data121};
if(vErrors === null){
vErrors = [err335];
}
else {
vErrors.push(err335);
}
errors++;
}
}
}
}
else {
const err336 = {instancePath:instancePath+"/dapr/pubsubs/" + key41.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/dapr/properties/pubsubs/patternProperties/%5E%5BA-Za-z0-9%5D%5BA-Za-z0-9._-%5D%7B0%2C127%7D%24/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"].type,parentSchema:schema11.properties.dapr.properties.pubsubs.patternProperties["^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"],data:data120};
if(vErrors === null){
vErrors = [err336];
}
else {
vErrors.push(err336);
}
errors++;
}
}
}
}
else {
const err337 = {instancePath:instancePath+"/dapr/pubsubs",schemaPath:"#/properties/dapr/properties/pubsubs/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dapr.properties.pubsubs.type,parentSchema:schema11.properties.dapr.properties.pubsubs,data:data119};
if(vErrors === null){
vErrors = [err337];
}
else {
vErrors.push(err337);
}
errors++;
}
}
if(data112.apiToken !== undefined){
let data122 = data112.apiToken;
if(typeof data122 !== "string"){
let dataType91 = typeof data122;
let coerced91 = undefined;
if(!(coerced91 !== undefined)){
if(dataType91 == "number" || dataType91 == "boolean"){
coerced91 = "" + data122;
}
else if(data122 === null){
coerced91 = "";
}
else {
const err338 = {instancePath:instancePath+"/dapr/apiToken",schemaPath:"#/properties/dapr/properties/apiToken/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.apiToken.type,parentSchema:schema11.properties.dapr.properties.apiToken,data:data122};
if(vErrors === null){
vErrors = [err338];
}
else {
vErrors.push(err338);
}
errors++;
}
}
if(coerced91 !== undefined){
data122 = coerced91;
if(data112 !== undefined){
data112["apiToken"] = coerced91;
}
}
}
if(typeof data122 === "string"){
if(func3(data122) < 1){
const err339 = {instancePath:instancePath+"/dapr/apiToken",schemaPath:"#/properties/dapr/properties/apiToken/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dapr.properties.apiToken,data:data122};
if(vErrors === null){
vErrors = [err339];
}
else {
vErrors.push(err339);
}
errors++;
}
}
}
if(data112.appToken !== undefined){
let data123 = data112.appToken;
if(typeof data123 !== "string"){
let dataType92 = typeof data123;
let coerced92 = undefined;
if(!(coerced92 !== undefined)){
if(dataType92 == "number" || dataType92 == "boolean"){
coerced92 = "" + data123;
}
else if(data123 === null){
coerced92 = "";
}
else {
const err340 = {instancePath:instancePath+"/dapr/appToken",schemaPath:"#/properties/dapr/properties/appToken/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.dapr.properties.appToken.type,parentSchema:schema11.properties.dapr.properties.appToken,data:data123};
if(vErrors === null){
vErrors = [err340];
}
else {
vErrors.push(err340);
}
errors++;
}
}
if(coerced92 !== undefined){
data123 = coerced92;
if(data112 !== undefined){
data112["appToken"] = coerced92;
}
}
}
if(typeof data123 === "string"){
if(func3(data123) < 1){
const err341 = {instancePath:instancePath+"/dapr/appToken",schemaPath:"#/properties/dapr/properties/appToken/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.dapr.properties.appToken,data:data123};
if(vErrors === null){
vErrors = [err341];
}
else {
vErrors.push(err341);
}
errors++;
}
}
}
}
else {
const err342 = {instancePath:instancePath+"/dapr",schemaPath:"#/properties/dapr/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.dapr.type,parentSchema:schema11.properties.dapr,data:data112};
if(vErrors === null){
vErrors = [err342];
}
else {
vErrors.push(err342);
}
errors++;
}
}
if(data.tracing !== undefined){
let data124 = data.tracing;
if(data124 && typeof data124 == "object" && !Array.isArray(data124)){
for(const key43 in data124){
if(!(func2.call(schema11.properties.tracing.properties, key43))){
const err343 = {instancePath:instancePath+"/tracing",schemaPath:"#/properties/tracing/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key43},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.tracing,data:data124};
if(vErrors === null){
vErrors = [err343];
}
else {
vErrors.push(err343);
}
errors++;
}
}
if(data124.enabled !== undefined){
let data125 = data124.enabled;
if(typeof data125 !== "boolean"){
let coerced93 = undefined;
if(!(coerced93 !== undefined)){
if(data125 === "false" || data125 === 0 || data125 === null){
coerced93 = false;
}
else if(data125 === "true" || data125 === 1){
coerced93 = true;
}
else {
const err344 = {instancePath:instancePath+"/tracing/enabled",schemaPath:"#/properties/tracing/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.tracing.properties.enabled.type,parentSchema:schema11.properties.tracing.properties.enabled,data:data125};
if(vErrors === null){
vErrors = [err344];
}
else {
vErrors.push(err344);
}
errors++;
}
}
if(coerced93 !== undefined){
data125 = coerced93;
if(data124 !== undefined){
data124["enabled"] = coerced93;
}
}
}
}
if(data124.endpoint !== undefined){
let data126 = data124.endpoint;
if(typeof data126 !== "string"){
let dataType94 = typeof data126;
let coerced94 = undefined;
if(!(coerced94 !== undefined)){
if(dataType94 == "number" || dataType94 == "boolean"){
coerced94 = "" + data126;
}
else if(data126 === null){
coerced94 = "";
}
else {
const err345 = {instancePath:instancePath+"/tracing/endpoint",schemaPath:"#/properties/tracing/properties/endpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.endpoint.type,parentSchema:schema11.properties.tracing.properties.endpoint,data:data126};
if(vErrors === null){
vErrors = [err345];
}
else {
vErrors.push(err345);
}
errors++;
}
}
if(coerced94 !== undefined){
data126 = coerced94;
if(data124 !== undefined){
data124["endpoint"] = coerced94;
}
}
}
if(typeof data126 === "string"){
if(!pattern2.test(data126)){
const err346 = {instancePath:instancePath+"/tracing/endpoint",schemaPath:"#/properties/tracing/properties/endpoint/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+"},message:"must match pattern \""+"^https?://[^\\s/?#]+"+"\"",schema:"^https?://[^\\s/?#]+",parentSchema:schema11.properties.tracing.properties.endpoint,data:data126};
if(vErrors === null){
vErrors = [err346];
}
else {
vErrors.push(err346);
}
errors++;
}
}
}
if(data124.tracesEndpoint !== undefined){
let data127 = data124.tracesEndpoint;
if(typeof data127 !== "string"){
let dataType95 = typeof data127;
let coerced95 = undefined;
if(!(coerced95 !== undefined)){
if(dataType95 == "number" || dataType95 == "boolean"){
coerced95 = "" + data127;
}
else if(data127 === null){
coerced95 = "";
}
else {
const err347 = {instancePath:instancePath+"/tracing/tracesEndpoint",schemaPath:"#/properties/tracing/properties/tracesEndpoint/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.tracesEndpoint.type,parentSchema:schema11.properties.tracing.properties.tracesEndpoint,data:data127};
if(vErrors === null){
vErrors = [err347];
}
else {
vErrors.push(err347);
}
errors++;
}
}
if(coerced95 !== undefined){
data127 = coerced95;
if(data124 !== undefined){
data124["tracesEndpoint"] = coerced95;
}
}
}
if(typeof data127 === "string"){
if(!pattern2.test(data127)){
const err348 = {instancePath:instancePath+"/tracing/tracesEndpoint",schemaPath:"#/properties/tracing/properties/tracesEndpoint/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+"},message:"must match pattern \""+"^https?://[^\\s/?#]+"+"\"",schema:"^https?://[^\\s/?#]+",parentSchema:schema11.properties.tracing.properties.tracesEndpoint,data:data127};
if(vErrors === null){
vErrors = [err348];
}
else {
vErrors.push(err348);
}
errors++;
}
}
}
if(data124.protocol !== undefined){
let data128 = data124.protocol;
if(typeof data128 !== "string"){
let dataType96 = typeof data128;
let coerced96 = undefined;
if(!(coerced96 !== undefined)){
if(dataType96 == "number" || dataType96 == "boolean"){
coerced96 = "" + data128;
}
else if(data128 === null){
coerced96 = "";
}
else {
const err349 = {instancePath:instancePath+"/tracing/protocol",schemaPath:"#/properties/tracing/properties/protocol/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.protocol.type,parentSchema:schema11.properties.tracing.properties.protocol,data:data128};
if(vErrors === null){
vErrors = [err349];
}
else {
vErrors.push(err349);
}
errors++;
}
}
if(coerced96 !== undefined){
data128 = coerced96;
if(data124 !== undefined){
data124["protocol"] = coerced96;
}
}
}
if(!((data128 === "http/protobuf") || (data128 === "grpc"))){
const err350 = {instancePath:instancePath+"/tracing/protocol",schemaPath:"#/properties/tracing/properties/protocol/enum",keyword:"enum",params:{allowedValues: schema11.properties.tracing.properties.protocol.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.tracing.properties.protocol.enum,parentSchema:schema11.properties.tracing.properties.protocol,data:data128};
if(vErrors === null){
vErrors = [err350];
}
else {
vErrors.push(err350);
}
errors++;
}
}
if(data124.serviceName !== undefined){
let data129 = data124.serviceName;
if(typeof data129 !== "string"){
let dataType97 = typeof data129;
let coerced97 = undefined;
if(!(coerced97 !== undefined)){
if(dataType97 == "number" || dataType97 == "boolean"){
coerced97 = "" + data129;
}
else if(data129 === null){
coerced97 = "";
}
else {
const err351 = {instancePath:instancePath+"/tracing/serviceName",schemaPath:"#/properties/tracing/properties/serviceName/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.serviceName.type,parentSchema:schema11.properties.tracing.properties.serviceName,data:data129};
if(vErrors === null){
vErrors = [err351];
}
else {
vErrors.push(err351);
}
errors++;
}
}
if(coerced97 !== undefined){
data129 = coerced97;
if(data124 !== undefined){
data124["serviceName"] = coerced97;
}
}
}
if(typeof data129 === "string"){
if(func3(data129) < 1){
const err352 = {instancePath:instancePath+"/tracing/serviceName",schemaPath:"#/properties/tracing/properties/serviceName/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tracing.properties.serviceName,data:data129};
if(vErrors === null){
vErrors = [err352];
}
else {
vErrors.push(err352);
}
errors++;
}
}
}
if(data124.sampler !== undefined){
let data130 = data124.sampler;
if(typeof data130 !== "string"){
let dataType98 = typeof data130;
let coerced98 = undefined;
if(!(coerced98 !== undefined)){
if(dataType98 == "number" || dataType98 == "boolean"){
coerced98 = "" + data130;
}
else if(data130 === null){
coerced98 = "";
}
else {
const err353 = {instancePath:instancePath+"/tracing/sampler",schemaPath:"#/properties/tracing/properties/sampler/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.sampler.type,parentSchema:schema11.properties.tracing.properties.sampler,data:data130};
if(vErrors === null){
vErrors = [err353];
}
else {
vErrors.push(err353);
}
errors++;
}
}
if(coerced98 !== undefined){
data130 = coerced98;
if(data124 !== undefined){
data124["sampler"] = coerced98;
}
}
}
if(!((((((data130 === "always_on") || (data130 === "always_off")) || (data130 === "traceidratio")) || (data130 === "parentbased_always_on")) || (data130 === "parentbased_always_off")) || (data130 === "parentbased_traceidratio"))){
const err354 = {instancePath:instancePath+"/tracing/sampler",schemaPath:"#/properties/tracing/properties/sampler/enum",keyword:"enum",params:{allowedValues: schema11.properties.tracing.properties.sampler.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.tracing.properties.sampler.enum,parentSchema:schema11.properties.tracing.properties.sampler,data:data130};
if(vErrors === null){
vErrors = [err354];
}
else {
vErrors.push(err354);
}
errors++;
}
}
if(data124.samplerArg !== undefined){
let data131 = data124.samplerArg;
if(!((typeof data131 == "number") && (isFinite(data131)))){
let dataType99 = typeof data131;
let coerced99 = undefined;
if(!(coerced99 !== undefined)){
if(dataType99 == "boolean" || data131 === null
              || (dataType99 == "string" && data131 && data131 == +data131)){
coerced99 = +data131;
}
else {
const err355 = {instancePath:instancePath+"/tracing/samplerArg",schemaPath:"#/properties/tracing/properties/samplerArg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.tracing.properties.samplerArg.type,parentSchema:schema11.properties.tracing.properties.samplerArg,data:data131};
if(vErrors === null){
vErrors = [err355];
}
else {
vErrors.push(err355);
}
errors++;
}
}
if(coerced99 !== undefined){
data131 = coerced99;
if(data124 !== undefined){
data124["samplerArg"] = coerced99;
}
}
}
if((typeof data131 == "number") && (isFinite(data131))){
if(data131 > 1 || isNaN(data131)){
const err356 = {instancePath:instancePath+"/tracing/samplerArg",schemaPath:"#/properties/tracing/properties/samplerArg/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1},message:"must be <= 1",schema:1,parentSchema:schema11.properties.tracing.properties.samplerArg,data:data131};
if(vErrors === null){
vErrors = [err356];
}
else {
vErrors.push(err356);
}
errors++;
}
if(data131 < 0 || isNaN(data131)){
const err357 = {instancePath:instancePath+"/tracing/samplerArg",schemaPath:"#/properties/tracing/properties/samplerArg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.tracing.properties.samplerArg,data:data131};
if(vErrors === null){
vErrors = [err357];
}
else {
vErrors.push(err357);
}
errors++;
}
}
}
if(data124.resourceAttributes !== undefined){
let data132 = data124.resourceAttributes;
if(data132 && typeof data132 == "object" && !Array.isArray(data132)){
for(const key44 in data132){
if(pattern67.test(key44)){
let data133 = data132[key44];
if(typeof data133 !== "string"){
let dataType100 = typeof data133;
let coerced100 = undefined;
if(!(coerced100 !== undefined)){
if(dataType100 == "number" || dataType100 == "boolean"){
coerced100 = "" + data133;
}
else if(data133 === null){
coerced100 = "";
}
else {
const err358 = {instancePath:instancePath+"/tracing/resourceAttributes/" + key44.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tracing/properties/resourceAttributes/patternProperties/%5E(.*)%24/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tracing.properties.resourceAttributes.patternProperties["^(.*)$"].type,parentSchema:schema11.properties.tracing.properties.resourceAttributes.patternProperties["^(.*)$"],data:data133};
if(vErrors === null){
vErrors = [err358];
}
else {
vErrors.push(err358);
}
errors++;
}
}
if(coerced100 !== undefined){
data133 = coerced100;
if(data132 !== undefined){
data132[key44] = coerced100;
}
}
}
}
}
}
else {
const err359 = {instancePath:instancePath+"/tracing/resourceAttributes",schemaPath:"#/properties/tracing/properties/resourceAttributes/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.tracing.properties.resourceAttributes.type,parentSchema:schema11.properties.tracing.properties.resourceAttributes,data:data132};
if(vErrors === null){
vErrors = [err359];
}
else {
vErrors.push(err359);
}
errors++;
}
}
if(data124.maxQueueSize !== undefined){
let data134 = data124.maxQueueSize;
if(!(((typeof data134 == "number") && (!(data134 % 1) && !isNaN(data134))) && (isFinite(data134)))){
let dataType101 = typeof data134;
let coerced101 = undefined;
if(!(coerced101 !== undefined)){
if(dataType101 === "boolean" || data134 === null
              || (dataType101 === "string" && data134 && data134 == +data134 && !(data134 % 1))){
coerced101 = +data134;
}
else {
const err360 = {instancePath:instancePath+"/tracing/maxQueueSize",schemaPath:"#/properties/tracing/properties/maxQueueSize/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.tracing.properties.maxQueueSize.type,parentSchema:schema11.properties.tracing.properties.maxQueueSize,data:data134};
if(vErrors === null){
vErrors = [err360];
}
else {
vErrors.push(err360);
}
errors++;
}
}
if(coerced101 !== undefined){
data134 = coerced101;
if(data124 !== undefined){
data124["maxQueueSize"] = coerced101;
}
}
}
if((typeof data134 == "number") && (isFinite(data134))){
if(data134 < 1 || isNaN(data134)){
const err361 = {instancePath:instancePath+"/tracing/maxQueueSize",schemaPath:"#/properties/tracing/properties/maxQueueSize/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.tracing.properties.maxQueueSize,data:data134};
if(vErrors === null){
vErrors = [err361];
}
else {
vErrors.push(err361);
}
errors++;
}
}
}
if(data124.maxExportBatchSize !== undefined){
let data135 = data124.maxExportBatchSize;
if(!(((typeof data135 == "number") && (!(data135 % 1) && !isNaN(data135))) && (isFinite(data135)))){
let dataType102 = typeof data135;
let coerced102 = undefined;
if(!(coerced102 !== undefined)){
if(dataType102 === "boolean" || data135 === null
              || (dataType102 === "string" && data135 && data135 == +data135 && !(data135 % 1))){
coerced102 = +data135;
}
else {
const err362 = {instancePath:instancePath+"/tracing/maxExportBatchSize",schemaPath:"#/properties/tracing/properties/maxExportBatchSize/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.tracing.properties.maxExportBatchSize.type,parentSchema:schema11.properties.tracing.properties.maxExportBatchSize,data:data135};
if(vErrors === null){
vErrors = [err362];
}
else {
vErrors.push(err362);
}
errors++;
}
}
if(coerced102 !== undefined){
data135 = coerced102;
if(data124 !== undefined){
data124["maxExportBatchSize"] = coerced102;
}
}
}
if((typeof data135 == "number") && (isFinite(data135))){
if(data135 < 1 || isNaN(data135)){
const err363 = {instancePath:instancePath+"/tracing/maxExportBatchSize",schemaPath:"#/properties/tracing/properties/maxExportBatchSize/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.tracing.properties.maxExportBatchSize,data:data135};
if(vErrors === null){
vErrors = [err363];
}
else {
vErrors.push(err363);
}
errors++;
}
}
}
if(data124.scheduledDelay !== undefined){
let data136 = data124.scheduledDelay;
if((typeof data136 !== "string") && (!(((typeof data136 == "number") && (!(data136 % 1) && !isNaN(data136))) && (isFinite(data136))))){
let dataType103 = typeof data136;
let coerced103 = undefined;
if(!(coerced103 !== undefined)){
if(dataType103 == "number" || dataType103 == "boolean"){
coerced103 = "" + data136;
}
else if(data136 === null){
coerced103 = "";
}
else if(dataType103 === "boolean" || data136 === null
              || (dataType103 === "string" && data136 && data136 == +data136 && !(data136 % 1))){
coerced103 = +data136;
}
else {
const err364 = {instancePath:instancePath+"/tracing/scheduledDelay",schemaPath:"#/properties/tracing/properties/scheduledDelay/type",keyword:"type",params:{type: schema11.properties.tracing.properties.scheduledDelay.type},message:"must be string,integer",schema:schema11.properties.tracing.properties.scheduledDelay.type,parentSchema:schema11.properties.tracing.properties.scheduledDelay,data:data136};
if(vErrors === null){
vErrors = [err364];
}
else {
vErrors.push(err364);
}
errors++;
}
}
if(coerced103 !== undefined){
data136 = coerced103;
if(data124 !== undefined){
data124["scheduledDelay"] = coerced103;
}
}
}
if((typeof data136 == "number") && (isFinite(data136))){
if(data136 > 9007199254740991 || isNaN(data136)){
const err365 = {instancePath:instancePath+"/tracing/scheduledDelay",schemaPath:"#/properties/tracing/properties/scheduledDelay/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.tracing.properties.scheduledDelay,data:data136};
if(vErrors === null){
vErrors = [err365];
}
else {
vErrors.push(err365);
}
errors++;
}
if(data136 < 0 || isNaN(data136)){
const err366 = {instancePath:instancePath+"/tracing/scheduledDelay",schemaPath:"#/properties/tracing/properties/scheduledDelay/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.tracing.properties.scheduledDelay,data:data136};
if(vErrors === null){
vErrors = [err366];
}
else {
vErrors.push(err366);
}
errors++;
}
}
if(typeof data136 === "string"){
if(!pattern8.test(data136)){
const err367 = {instancePath:instancePath+"/tracing/scheduledDelay",schemaPath:"#/properties/tracing/properties/scheduledDelay/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.tracing.properties.scheduledDelay,data:data136};
if(vErrors === null){
vErrors = [err367];
}
else {
vErrors.push(err367);
}
errors++;
}
if(!(formats2.validate(data136))){
const err368 = {instancePath:instancePath+"/tracing/scheduledDelay",schemaPath:"#/properties/tracing/properties/scheduledDelay/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.tracing.properties.scheduledDelay,data:data136};
if(vErrors === null){
vErrors = [err368];
}
else {
vErrors.push(err368);
}
errors++;
}
}
}
if(data124.exportTimeout !== undefined){
let data137 = data124.exportTimeout;
if((typeof data137 !== "string") && (!(((typeof data137 == "number") && (!(data137 % 1) && !isNaN(data137))) && (isFinite(data137))))){
let dataType104 = typeof data137;
let coerced104 = undefined;
if(!(coerced104 !== undefined)){
if(dataType104 == "number" || dataType104 == "boolean"){
coerced104 = "" + data137;
}
else if(data137 === null){
coerced104 = "";
}
else if(dataType104 === "boolean" || data137 === null
              || (dataType104 === "string" && data137 && data137 == +data137 && !(data137 % 1))){
coerced104 = +data137;
}
else {
const err369 = {instancePath:instancePath+"/tracing/exportTimeout",schemaPath:"#/properties/tracing/properties/exportTimeout/type",keyword:"type",params:{type: schema11.properties.tracing.properties.exportTimeout.type},message:"must be string,integer",schema:schema11.properties.tracing.properties.exportTimeout.type,parentSchema:schema11.properties.tracing.properties.exportTimeout,data:data137};
if(vErrors === null){
vErrors = [err369];
}
else {
vErrors.push(err369);
}
errors++;
}
}
if(coerced104 !== undefined){
data137 = coerced104;
if(data124 !== undefined){
data124["exportTimeout"] = coerced104;
}
}
}
if((typeof data137 == "number") && (isFinite(data137))){
if(data137 > 9007199254740991 || isNaN(data137)){
const err370 = {instancePath:instancePath+"/tracing/exportTimeout",schemaPath:"#/properties/tracing/properties/exportTimeout/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991},message:"must be <= 9007199254740991",schema:9007199254740991,parentSchema:schema11.properties.tracing.properties.exportTimeout,data:data137};
if(vErrors === null){
vErrors = [err370];
}
else {
vErrors.push(err370);
}
errors++;
}
if(data137 < 0 || isNaN(data137)){
const err371 = {instancePath:instancePath+"/tracing/exportTimeout",schemaPath:"#/properties/tracing/properties/exportTimeout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.tracing.properties.exportTimeout,data:data137};
if(vErrors === null){
vErrors = [err371];
}
else {
vErrors.push(err371);
}
errors++;
}
}
if(typeof data137 === "string"){
if(!pattern8.test(data137)){
const err372 = {instancePath:instancePath+"/tracing/exportTimeout",schemaPath:"#/properties/tracing/properties/exportTimeout/pattern",keyword:"pattern",params:{pattern: "^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"},message:"must match pattern \""+"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$"+"\"",schema:"^(?:\\d+(?:ms|s|m|h|d))+$|^\\d+$",parentSchema:schema11.properties.tracing.properties.exportTimeout,data:data137};
if(vErrors === null){
vErrors = [err372];
}
else {
vErrors.push(err372);
}
errors++;
}
if(!(formats2.validate(data137))){
const err373 = {instancePath:instancePath+"/tracing/exportTimeout",schemaPath:"#/properties/tracing/properties/exportTimeout/format",keyword:"format",params:{format: "duration"},message:"must match format \""+"duration"+"\"",schema:"duration",parentSchema:schema11.properties.tracing.properties.exportTimeout,data:data137};
if(vErrors === null){
vErrors = [err373];
}
else {
vErrors.push(err373);
}
errors++;
}
}
}
}
else {
const err374 = {instancePath:instancePath+"/tracing",schemaPath:"#/properties/tracing/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.tracing.type,parentSchema:schema11.properties.tracing,data:data124};
if(vErrors === null){
vErrors = [err374];
}
else {
vErrors.push(err374);
}
errors++;
}
}
}
else {
const err375 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err375];
}
else {
vErrors.push(err375);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The config file's validator. */
export const configValidator: ValidateFunction = config;
