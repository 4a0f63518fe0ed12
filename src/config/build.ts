/**
 * From a document that passed every check to the resolved OutriggerConfig: defaults filled in,
 * units converted, references made explicit. Runs only on valid input, so it never reports.
 */
import type { TopicFilter } from '../kernel/messages.js';
import { chooseDefaultBroker } from './brokers.js';
import { defaults } from './defaults.js';
import { buildPolicies } from './policies.js';
import type { ConfigFile, SubscriptionSourceFile, TargetFile, WebhookFile } from './schema.js';
import type { DaprConfig, InboxDefaults, OutriggerConfig, PolicyConfig, QueueConfig, SubscriptionConfig, SubscriptionSource, TargetConfig, TracingConfig, WebhookConfig, WebhookSubscriptionConfig } from './types.js';
import { buildTracing } from './tracing.js';
import { parseDuration, parseSize, parseStreamStart } from './units.js';

type SubscriptionFile = NonNullable<ConfigFile['subscriptions']>[number];

export function buildConfig(file: ConfigFile, source: string | null): OutriggerConfig {
  const brokers = file.brokers ?? {};
  const choice = chooseDefaultBroker(brokers, file.defaultBroker);
  if (!choice.ok) throw new Error(`unchecked configuration: ${choice.message}`);
  const defaultBroker = choice.name;
  const appId = file.app?.id ?? defaults.appId;
  const queues = mapValues(file.queues, (name, queue): QueueConfig => ({
    broker: queue.broker ?? defaultBroker,
    entity: queue.entity ?? name,
    maxDeliveries: queue.maxDeliveries ?? defaults.queue.maxDeliveries,
    leaseMs: durationOr(queue.lease, defaults.queue.leaseMs),
    dedupWindowMs: durationOr(queue.dedupWindow, defaults.queue.dedupWindowMs),
    defaultTtlMs: queue.ttl === undefined ? defaults.queue.defaultTtlMs : parseDuration(queue.ttl),
  }));
  const policies = buildPolicies(file.policies);
  // Webhook subscriptions are fed by requests, not read from a broker: they live with their webhook.
  const fromWebhook = (s: SubscriptionFile): boolean => 'webhook' in s.from;
  const webhooks = buildWebhooks(file.webhooks, (file.subscriptions ?? []).filter(fromWebhook));
  return {
    app: { id: appId, url: file.app?.url === undefined ? null : withoutTrailingSlash(file.app.url) },
    server: {
      httpAddr: file.server?.httpAddr ?? defaults.httpAddr,
      grpcAddr: file.server?.grpcAddr ?? defaults.grpcAddr,
      adminAddr: file.server?.adminAddr ?? defaults.adminAddr,
      apiToken: file.server?.apiToken ?? null,
      allowRemoteWithoutToken: file.server?.allowRemoteWithoutToken ?? false,
      maxBodyBytes: file.server?.maxBodyBytes === undefined ? defaults.maxBodyBytes : parseSize(file.server.maxBodyBytes),
      maxInFlightRequests: file.server?.maxInFlightRequests ?? defaults.maxInFlightRequests,
      ...(file.server?.webhookAddr === undefined ? {} : { webhookAddr: file.server.webhookAddr }),
    },
    shutdown: { gracePeriodMs: durationOr(file.shutdown?.gracePeriod, defaults.gracePeriodMs) },
    logging: { level: file.logging?.level ?? defaults.logLevel },
    dataDir: file.dataDir ?? defaults.dataDir,
    development: file.development ?? source === null,
    source,
    brokers: mapValues(brokers, (_name, { driver, policy, ...settings }) => ({ driver, settings, ...(typeof policy === 'string' ? { policy } : {}) })),
    defaultBroker,
    queues,
    topics: mapValues(file.topics, (name, topic) => ({ broker: topic.broker ?? defaultBroker, entity: topic.entity ?? name })),
    streams: mapValues(file.streams, (name, stream) => ({
      broker: stream.broker ?? defaultBroker,
      entity: stream.entity ?? name,
      partitions: stream.partitions ?? defaults.stream.partitions,
      retentionMs: durationOr(stream.retention, defaults.stream.retentionMs),
    })),
    targets: mapValues(file.targets, (_name, target) => buildTarget(target, policies)),
    policies,
    subscriptions: (file.subscriptions ?? []).filter((s) => !fromWebhook(s)).map((subscription) => buildSubscription(subscription, queues, appId)),
    ...(webhooks === undefined ? {} : { webhooks }),
    ...(file.dapr === undefined ? {} : { dapr: buildDapr(file.dapr) }),
    ...withTracing(buildTracing(file.tracing, appId)),
  };
}

function withTracing(tracing: TracingConfig | undefined): { tracing?: TracingConfig } {
  return tracing === undefined ? {} : { tracing };
}

function buildDapr(dapr: NonNullable<ConfigFile['dapr']>): DaprConfig {
  return {
    httpAddr: dapr.httpPort === undefined ? (dapr.httpAddr ?? defaults.daprHttpAddr) : `127.0.0.1:${dapr.httpPort}`,
    grpcAddr: dapr.grpcPort === undefined ? (dapr.grpcAddr ?? defaults.daprGrpcAddr) : `127.0.0.1:${dapr.grpcPort}`,
    appProtocol: dapr.appProtocol ?? 'http',
    resourcesPath: dapr.resourcesPath ?? null,
    pubsubs: mapValues(dapr.pubsubs, (_name, pubsub) => ({ broker: pubsub.broker })),
    apiToken: dapr.apiToken ?? null,
    appToken: dapr.appToken ?? null,
  };
}

function buildWebhooks(file: Record<string, WebhookFile> | undefined, subscriptions: SubscriptionFile[]): Record<string, WebhookConfig> | undefined {
  if (file === undefined || Object.keys(file).length === 0) return undefined;
  return mapValues(file, (name, webhook): WebhookConfig => ({
    kind: webhook.kind,
    auth: webhook.entra === undefined
      ? { kind: 'secret', secret: webhook.secret ?? '' }
      : {
          kind: 'entra',
          tenantId: webhook.entra.tenantId,
          audience: webhook.entra.audience,
          issuers: webhook.entra.issuer === undefined
            ? [`https://sts.windows.net/${webhook.entra.tenantId}/`, `https://login.microsoftonline.com/${webhook.entra.tenantId}/v2.0`]
            : [webhook.entra.issuer],
          jwksUri: webhook.entra.jwksUri ?? `https://login.microsoftonline.com/${webhook.entra.tenantId}/discovery/v2.0/keys`,
        },
    maxBodyBytes: webhook.maxBodyBytes === undefined ? defaults.webhook.maxBodyBytes : parseSize(webhook.maxBodyBytes),
    rememberMs: durationOr(webhook.remember, defaults.webhook.rememberMs),
    rememberMax: webhook.rememberMax ?? defaults.webhook.rememberMax,
    subscriptions: subscriptions
      .filter((s) => 'webhook' in s.from && s.from.webhook === name)
      .map((s): WebhookSubscriptionConfig => ({
        name: s.name,
        filter: buildFilter('filter' in s.from ? s.from.filter : undefined),
        deliver: s.deliver ?? '/',
        concurrency: s.concurrency ?? defaults.subscription.concurrency,
        timeoutMs: durationOr(s.timeout, defaults.webhook.timeoutMs),
      })),
  }));
}

function buildSubscription(subscription: SubscriptionFile, queues: Record<string, QueueConfig>, appId: string): SubscriptionConfig {
  const from = buildSource(subscription.from, appId);
  // A queue consumer should behave as the queue was declared; other sources have no such declaration.
  const inherited: InboxDefaults = from.kind === 'queue' ? queues[from.queue]! : defaults.subscription;
  return {
    name: subscription.name,
    from,
    deliver: subscription.deliver ?? null,
    concurrency: subscription.concurrency ?? defaults.subscription.concurrency,
    ordered: subscription.ordered ?? defaults.subscription.ordered,
    maxDeliveries: subscription.maxDeliveries ?? inherited.maxDeliveries,
    leaseMs: durationOr(subscription.lease, inherited.leaseMs),
    timeoutMs: durationOr(subscription.timeout, defaults.subscription.timeoutMs),
    retry: {
      initialBackoffMs: durationOr(subscription.retry?.initialBackoff, defaults.subscription.retry.initialBackoffMs),
      maxBackoffMs: durationOr(subscription.retry?.maxBackoff, defaults.subscription.retry.maxBackoffMs),
    },
    policy: subscription.policy ?? defaults.policyName,
    serve: subscription.serve ?? false,
  };
}

/** A target's own `timeout` wins over its policy's. */
function buildTarget(target: TargetFile, policies: Record<string, PolicyConfig>): TargetConfig {
  const policy = target.policy ?? defaults.policyName;
  const timeoutMs = durationOr(target.timeout, policies[policy]!.timeoutMs);
  if (target.via === 'queue') return { via: 'queue', queue: target.queue, timeoutMs, policy };
  return { via: 'http', url: withoutTrailingSlash(target.url), timeoutMs, policy };
}

function buildSource(from: SubscriptionSourceFile, appId: string): SubscriptionSource {
  if ('queue' in from) return { kind: 'queue', queue: from.queue };
  if ('topic' in from) return { kind: 'topic', topic: from.topic, filter: buildFilter(from.filter) };
  if ('webhook' in from) throw new Error('webhook subscriptions are built with their webhook');
  return { kind: 'stream', stream: from.stream, group: from.group ?? appId, start: parseStreamStart(from.start ?? defaults.subscription.start) };
}

/** Null when nothing is filtered, so consumers need only one test. */
function buildFilter(filter: { type?: string | string[]; subjectPrefix?: string } | undefined): TopicFilter | null {
  if (filter === undefined || (filter.type === undefined && filter.subjectPrefix === undefined)) return null;
  return {
    ...(filter.type === undefined ? {} : { types: typeof filter.type === 'string' ? [filter.type] : [...filter.type] }),
    ...(filter.subjectPrefix === undefined ? {} : { subjectPrefix: filter.subjectPrefix }),
  };
}

function durationOr(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : parseDuration(value);
}

/** So that `url + path` never doubles the slash. */
function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function mapValues<T, R>(record: Record<string, T> | undefined, map: (name: string, value: T) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([name, value]) => [name, map(name, value)]));
}
