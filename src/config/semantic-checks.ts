/**
 * Checks that need more than one value at a time: references between sections, what each
 * broker's driver can do, and values that are well-formed but cannot work together. They run
 * even when the schema found mistakes, reading the document defensively (raw.ts), so that all
 * problems are reported in one go.
 */
import type { CapabilityName } from '../kernel/capabilities.js';
import type { DriverDescriptor } from '../drivers/descriptor.js';
import { chooseDefaultBroker, type DriverTable } from './brokers.js';
import { defaults } from './defaults.js';
import { formatPath, type Path, type ProblemList } from './problems.js';
import { checkQuery } from './query-checks.js';
import { entriesAt, isRecord, recordAt, stringAt } from './raw.js';
import { unknownName } from '../kernel/suggest.js';
import { addressPattern, parseAddress, parseDuration, parseStreamStart, type Address } from './units.js';

interface BrokerRef {
  name: string;
  driver: string;
  entry: DriverDescriptor;
}

interface Context {
  registry: DriverTable;
  problems: ProblemList;
  brokers: Record<string, unknown>;
  defaultBroker: string | undefined;
  /** The broker each well-formed resource lives on, by `kind:name`. */
  placement: Map<string, BrokerRef>;
}

const capabilityWords: Partial<Record<CapabilityName, string>> = {
  queues: 'queues',
  topics: 'topics',
  streams: 'streams',
  orderingKeys: 'ordering keys (ordered delivery)',
  ttl: 'message time-to-live',
  duplicateDetection: 'duplicate detection',
  subscriptionFilters: 'subscription filters',
  consumerGroups: 'consumer groups',
  streamSeekByTime: 'starting a consumer group at a time',
};

export function checkSemantics(doc: Record<string, unknown>, registry: DriverTable, problems: ProblemList): void {
  const brokers = recordAt(doc['brokers']);
  const choice = chooseDefaultBroker(brokers, doc['defaultBroker']);
  if (!choice.ok) problems.add(['defaultBroker'], choice.message);
  const context: Context = { registry, problems, brokers, defaultBroker: choice.ok ? choice.name : undefined, placement: new Map() };

  const webhooks = entriesAt(doc['webhooks']);
  checkAddresses(recordAt(doc['server']), problems, webhooks.length > 0);
  checkExposure(recordAt(doc['server']), problems);
  checkWebhooks(webhooks, problems);
  checkUrl(recordAt(doc['app'])['url'], ['app', 'url'], problems);
  checkResources(doc, context);
  for (const [name, target] of entriesAt(doc['targets'])) {
    checkUrl(target['url'], ['targets', name, 'url'], problems);
    requirePositive(target['timeout'], ['targets', name, 'timeout'], problems);
  }
  checkSubscriptions(doc, context);
  checkQuery(doc, problems);
  if (doc['dapr'] !== undefined) checkDapr(recordAt(doc['dapr']), context);
}

/** Each pubsub names a broker that has topics; the listener is as guarded as the Outrigger API. */
function checkDapr(dapr: Record<string, unknown>, context: Context): void {
  const { problems } = context;
  if (dapr['httpAddr'] !== undefined && dapr['httpPort'] !== undefined) problems.add(['dapr', 'httpPort'], 'give either httpAddr or httpPort, not both');
  if (dapr['grpcAddr'] !== undefined && dapr['grpcPort'] !== undefined) problems.add(['dapr', 'grpcPort'], 'give either grpcAddr or grpcPort, not both');
  for (const [name, pubsub] of entriesAt(dapr['pubsubs'])) {
    const path = ['dapr', 'pubsubs', name];
    const brokerName = stringAt(pubsub['broker']);
    if (brokerName === undefined) continue;
    if (!Object.hasOwn(context.brokers, brokerName)) {
      problems.add([...path, 'broker'], `Dapr pubsub '${name}': ${unknownName('broker', brokerName, Object.keys(context.brokers))}`);
      continue;
    }
    const broker = brokerRef(context, brokerName);
    if (broker !== undefined) requireCapability(context, broker, 'topics', [...path, 'broker'], `Dapr pubsub '${name}'`);
  }
  if (stringAt(dapr['apiToken']) !== undefined) return;
  for (const field of ['httpAddr', 'grpcAddr']) {
    const address = stringAt(dapr[field]);
    if (address === undefined || !addressPattern.test(address)) continue;
    try {
      if (isLoopback(parseAddress(address).host)) continue;
    } catch {
      continue;
    }
    problems.add(['dapr', field], `listens beyond loopback (${address}) without a Dapr API token: anyone who can reach it could publish; set dapr.apiToken or listen on 127.0.0.1`);
  }
}

function checkResources(doc: Record<string, unknown>, context: Context): void {
  for (const [name, queue] of entriesAt(doc['queues'])) {
    const path = ['queues', name];
    const broker = place(context, 'queue', name, queue, path);
    requirePositive(queue['lease'], [...path, 'lease'], context.problems);
    requirePositive(queue['ttl'], [...path, 'ttl'], context.problems);
    if (broker === undefined || !requireCapability(context, broker, 'queues', path, `queue '${name}'`)) continue;
    checkEntityName(context, broker, 'queue', name, queue, path);
    // Absent settings take defaults the driver copes with; only what the author asked for is refused.
    if (queue['ttl'] !== undefined) requireCapability(context, broker, 'ttl', [...path, 'ttl'], `queue '${name}'`);
    if (queue['dedupWindow'] !== undefined) requireCapability(context, broker, 'duplicateDetection', [...path, 'dedupWindow'], `queue '${name}'`);
  }
  for (const [name, topic] of entriesAt(doc['topics'])) {
    const broker = place(context, 'topic', name, topic, ['topics', name]);
    if (broker !== undefined && requireCapability(context, broker, 'topics', ['topics', name], `topic '${name}'`)) {
      checkEntityName(context, broker, 'topic', name, topic, ['topics', name]);
    }
  }
  for (const [name, stream] of entriesAt(doc['streams'])) {
    const broker = place(context, 'stream', name, stream, ['streams', name]);
    requirePositive(stream['retention'], ['streams', name, 'retention'], context.problems);
    if (broker !== undefined && requireCapability(context, broker, 'streams', ['streams', name], `stream '${name}'`)) {
      checkEntityName(context, broker, 'stream', name, stream, ['streams', name]);
    }
  }
}

/** The broker's own naming rules (a driver may have none), on `entity` or else the logical name. */
function checkEntityName(context: Context, broker: BrokerRef, kind: 'queue' | 'topic' | 'stream', name: string, resource: Record<string, unknown>, path: Path): void {
  const explicit = stringAt(resource['entity']);
  const entity = explicit ?? name;
  const problem = broker.entry.checkEntityName?.(kind, entity);
  if (problem === undefined) return;
  const subject = explicit === undefined ? `the ${kind} name '${entity}'` : `entity '${entity}'`;
  context.problems.add(explicit === undefined ? path : [...path, 'entity'], `${subject} on broker '${broker.name}' (driver '${broker.driver}') ${problem}`);
}

/** Resolves and remembers the resource's broker; undefined when it is unknown or unusable. */
function place(context: Context, kind: string, name: string, resource: Record<string, unknown>, path: Path): BrokerRef | undefined {
  const explicit = stringAt(resource['broker']);
  const brokerName = explicit ?? context.defaultBroker;
  if (brokerName === undefined) return undefined;
  if (!Object.hasOwn(context.brokers, brokerName)) {
    if (explicit !== undefined) context.problems.add([...path, 'broker'], unknownName('broker', explicit, Object.keys(context.brokers)));
    return undefined;
  }
  const broker = brokerRef(context, brokerName);
  if (broker !== undefined) context.placement.set(`${kind}:${name}`, broker);
  return broker;
}

function brokerRef(context: Context, name: string): BrokerRef | undefined {
  const driver = stringAt(recordAt(context.brokers[name])['driver']);
  const entry = driver === undefined ? undefined : context.registry[driver];
  return driver === undefined || entry === undefined ? undefined : { name, driver, entry };
}

function requireCapability(context: Context, broker: BrokerRef, capability: CapabilityName, path: Path, subject: string): boolean {
  if (broker.entry.capabilities[capability]) return true;
  const able = Object.keys(context.brokers).filter((name) => brokerRef(context, name)?.entry.capabilities[capability] === true);
  const alternatives = able.length === 0 ? '' : ` (brokers that do: ${able.join(', ')})`;
  const what = capabilityWords[capability] ?? capability;
  const because = broker.entry.missingBecause?.[capability];
  const reason = because === undefined ? '' : `: ${because}`;
  context.problems.add(path, `${subject} is on broker '${broker.name}' (driver '${broker.driver}'), which does not support ${what}${reason}${alternatives}`);
  return false;
}

function checkSubscriptions(doc: Record<string, unknown>, context: Context): void {
  const subscriptions = Array.isArray(doc['subscriptions']) ? (doc['subscriptions'] as unknown[]) : [];
  const { problems } = context;
  const names = new Map<string, number>();
  const groups = new Map<string, string>();
  const queues = Object.keys(recordAt(doc['queues']));
  const appId = stringAt(recordAt(doc['app'])['id']) ?? defaults.appId;

  subscriptions.forEach((subscription, index) => {
    if (!isRecord(subscription)) return;
    const path: Path = ['subscriptions', index];
    const name = stringAt(subscription['name']);
    if (name !== undefined) {
      const first = names.get(name);
      if (first === undefined) names.set(name, index);
      else problems.add([...path, 'name'], `duplicate subscription name '${name}' (also ${formatPath(['subscriptions', first])})`);
    }
    for (const key of ['lease', 'timeout'] as const) requirePositive(subscription[key], [...path, key], problems);
    if (subscription['serve'] === true && subscription['deliver'] === undefined) {
      problems.add([...path, 'deliver'], 'is required with serve: true: queries are answered by the app at this path');
    }
    checkRetry(recordAt(subscription['retry']), [...path, 'retry'], problems);

    const from = recordAt(subscription['from']);
    const ordered = subscription['ordered'] === true;
    const queue = stringAt(from['queue']);
    if (queue !== undefined) {
      const broker = reference(doc, context, 'queue', queue, [...path, 'from', 'queue']);
      // Stream partitions are ordered by nature; ordering keys matter only for queues and topics.
      if (broker !== undefined && ordered) requireCapability(context, broker, 'orderingKeys', [...path, 'ordered'], `queue '${queue}'`);
    }
    const topic = stringAt(from['topic']);
    if (topic !== undefined) {
      const broker = reference(doc, context, 'topic', topic, [...path, 'from', 'topic']);
      const why = broker?.entry.subscriptionProblem?.(recordAt(context.brokers[broker.name]));
      if (broker !== undefined && why !== undefined) problems.add([...path, 'from', 'topic'], `topic '${topic}' is on broker '${broker.name}' (driver '${broker.driver}'), which ${why}`);
      if (broker !== undefined && from['filter'] !== undefined) {
        requireCapability(context, broker, 'subscriptionFilters', [...path, 'from', 'filter'], `topic '${topic}'`);
      }
      if (broker !== undefined && ordered) requireCapability(context, broker, 'orderingKeys', [...path, 'ordered'], `topic '${topic}'`);
      // Dead letters are addressed by queue or subscription name; one name must not mean both.
      if (name !== undefined && queues.includes(name)) {
        problems.add([...path, 'name'], `'${name}' is also a queue name, so /v1/deadletter/${name} would be ambiguous; rename the subscription`);
      }
    }
    const webhook = stringAt(from['webhook']);
    if (webhook !== undefined) checkWebhookSubscription(doc, subscription, webhook, path, problems);
    const stream = stringAt(from['stream']);
    if (stream !== undefined) {
      const broker = reference(doc, context, 'stream', stream, [...path, 'from', 'stream']);
      if (broker !== undefined && requireCapability(context, broker, 'consumerGroups', [...path, 'from'], `stream '${stream}'`) && startsAtTime(from['start'])) {
        requireCapability(context, broker, 'streamSeekByTime', [...path, 'from', 'start'], `stream '${stream}'`);
      }
      checkDeadLetterQueue(context, [...path, 'from']);
      const group = stringAt(from['group']) ?? appId;
      const owner = groups.get(`${stream}\u0000${group}`);
      if (owner !== undefined && name !== undefined) {
        problems.add(
          [...path, 'from', from['group'] === undefined ? 'stream' : 'group'],
          `subscriptions '${owner}' and '${name}' both read stream '${stream}' as group '${group}' and would split its partitions; give one its own group`,
        );
      } else if (name !== undefined) groups.set(`${stream}\u0000${group}`, name);
    }
  });

  // Subscriptions without `deliver` are consumed over gRPC and need no app URL.
  const pushing = subscriptions.some((subscription) => isRecord(subscription) && subscription['deliver'] !== undefined);
  if (pushing && stringAt(recordAt(doc['app'])['url']) === undefined) {
    problems.add(['app', 'url'], 'is required because subscriptions push messages to the app (set app.url or OUTRIGGER_APP_URL)');
  }
}

/** Exactly one way to authenticate Event Grid. */
function checkWebhooks(webhooks: Array<[string, Record<string, unknown>]>, problems: ProblemList): void {
  for (const [name, webhook] of webhooks) {
    const secret = webhook['secret'] !== undefined;
    const entra = webhook['entra'] !== undefined;
    if (secret === entra) {
      problems.add(['webhooks', name], secret ? 'give either secret or entra, not both' : 'needs secret (a shared secret, e.g. "${EVENTGRID_WEBHOOK_SECRET}") or entra ({ tenantId, audience }): a webhook never accepts unauthenticated calls');
    }
  }
}

/** A webhook subscription is pushed as events arrive: it needs a path, and has no order or queries. */
function checkWebhookSubscription(doc: Record<string, unknown>, subscription: Record<string, unknown>, webhook: string, path: Path, problems: ProblemList): void {
  const known = Object.keys(recordAt(doc['webhooks']));
  if (!known.includes(webhook)) problems.add([...path, 'from', 'webhook'], unknownName('webhook', webhook, known));
  if (subscription['deliver'] === undefined) problems.add([...path, 'deliver'], 'is required for a webhook subscription: its events are pushed to the app as they arrive, there is nothing to consume over gRPC');
  if (subscription['ordered'] === true) problems.add([...path, 'ordered'], 'cannot be true for a webhook subscription: Event Grid delivers in no order');
  if (subscription['serve'] === true) problems.add([...path, 'serve'], 'cannot be true for a webhook subscription: webhook events are not queries');
  const timeout = durationOrUndefined(subscription['timeout']);
  if (timeout !== undefined && timeout > defaults.webhook.maxTimeoutMs) {
    problems.add([...path, 'timeout'], `must be at most ${defaults.webhook.maxTimeoutMs / 1000}s for a webhook subscription: Event Grid gives up on an answer after 30 s and sends the events again (default ${defaults.webhook.timeoutMs / 1000}s)`);
  }
}

/** A well-formed time (a malformed one is the schema's to report). */
function startsAtTime(start: unknown): boolean {
  if (typeof start !== 'string' || start === 'earliest' || start === 'latest') return false;
  try {
    return parseStreamStart(start).kind === 'time';
  } catch {
    return false;
  }
}

/** Checks a subscription's reference and returns the broker of what it names, if usable. */
function reference(doc: Record<string, unknown>, context: Context, kind: 'queue' | 'topic' | 'stream', name: string, path: Path): BrokerRef | undefined {
  const known = Object.keys(recordAt(doc[`${kind}s`]));
  if (!known.includes(name)) {
    context.problems.add(path, unknownName(kind, name, known));
    return undefined;
  }
  return context.placement.get(`${kind}:${name}`);
}

/** Undeliverable stream events go to a queue on the default broker (core/resources.ts), which must have queues. */
function checkDeadLetterQueue(context: Context, path: Path): void {
  if (context.defaultBroker === undefined) return;
  const broker = brokerRef(context, context.defaultBroker);
  if (broker !== undefined && !broker.entry.capabilities.queues) {
    context.problems.add(
      path,
      `undeliverable stream events go to a dead-letter queue on the default broker '${broker.name}' (driver '${broker.driver}'), which does not support queues; set defaultBroker to one that does`,
    );
  }
}

function checkRetry(retry: Record<string, unknown>, path: Path, problems: ProblemList): void {
  requirePositive(retry['initialBackoff'], [...path, 'initialBackoff'], problems);
  requirePositive(retry['maxBackoff'], [...path, 'maxBackoff'], problems);
  const initial = durationOrUndefined(retry['initialBackoff']) ?? defaults.subscription.retry.initialBackoffMs;
  const max = durationOrUndefined(retry['maxBackoff']) ?? defaults.subscription.retry.maxBackoffMs;
  if (initial > max) problems.add([...path, 'initialBackoff'], `must not be longer than maxBackoff (${initial} ms > ${max} ms)`);
}

function requirePositive(value: unknown, path: Path, problems: ProblemList): void {
  if (durationOrUndefined(value) === 0) problems.add(path, 'must be longer than 0');
}

/** The value in ms, or undefined when absent or malformed (the schema has reported the latter). */
function durationOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

function checkAddresses(server: Record<string, unknown>, problems: ProblemList, webhooks: boolean): void {
  const seen: Array<{ key: string; text: string; address: Address; explicit: boolean }> = [];
  // The webhook port is opened only for configured webhooks.
  const keys = webhooks ? (['httpAddr', 'grpcAddr', 'adminAddr', 'webhookAddr'] as const) : (['httpAddr', 'grpcAddr', 'adminAddr'] as const);
  for (const key of keys) {
    const explicit = stringAt(server[key]);
    const text = explicit ?? defaults[key];
    if (!addressPattern.test(text)) continue; // the schema has said why
    let address: Address;
    try {
      address = parseAddress(text);
    } catch (err) {
      problems.add(['server', key], (err as Error).message);
      continue;
    }
    const clash = seen.find((other) => other.address.port !== 0 && other.address.port === address.port && overlap(other.address.host, address.host));
    if (clash !== undefined && (explicit !== undefined || clash.explicit)) {
      const where = explicit !== undefined ? key : clash.key;
      const other = explicit !== undefined ? clash : { key, text };
      problems.add(['server', where], `port ${address.port} is also used by server.${other.key} (${other.text})`);
    }
    seen.push({ key, text, address, explicit: explicit !== undefined });
  }
}

/**
 * The API reaches brokers on the app's behalf: listening beyond loopback without a token hands
 * that to anyone who can reach the port, so it takes an explicit yes.
 */
function checkExposure(server: Record<string, unknown>, problems: ProblemList): void {
  if (stringAt(server['apiToken']) !== undefined || server['allowRemoteWithoutToken'] === true) return;
  for (const key of ['httpAddr', 'grpcAddr'] as const) {
    const text = stringAt(server[key]) ?? defaults[key];
    if (!addressPattern.test(text)) continue;
    let host: string;
    try {
      host = parseAddress(text).host;
    } catch {
      continue; // checkAddresses has said why
    }
    if (isLoopback(host)) continue;
    problems.add(
      ['server', key],
      `listens beyond loopback (${text}) without an API token: anyone who can reach it could send, receive and settle messages; set server.apiToken (OUTRIGGER_API_TOKEN), listen on 127.0.0.1, or accept it with server.allowRemoteWithoutToken: true (OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN=true)`,
    );
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function overlap(a: string, b: string): boolean {
  const anywhere = (host: string) => host === '' || host === '0.0.0.0' || host === '::';
  return a === b || anywhere(a) || anywhere(b);
}

function checkUrl(value: unknown, path: Path, problems: ProblemList): void {
  if (typeof value === 'string' && /^https?:\/\//.test(value) && !URL.canParse(value)) problems.add(path, `'${value}' is not a valid URL`);
}
