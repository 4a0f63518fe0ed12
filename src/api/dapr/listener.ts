/**
 * The Dapr-compatible API as one part the daemon opens and closes: the HTTP and gRPC listeners
 * over one DaprService, and the discovery of the app's programmatic subscriptions (over HTTP
 * or, for a gRPC app, AppCallback), which run on the daemon's own pumps. The gRPC listener and
 * Dapr's .proto files are loaded only here, so only when `dapr:` is configured.
 */
import type { Server } from 'node:http';
import { defaults } from '../../config/defaults.js';
import type { DaprConfig, OutriggerConfig, PushSubscriptionConfig } from '../../config/types.js';
import { fromBinary } from '../../core/cloudevents.js';
import { AppClient } from '../../core/delivery/app-client.js';
import { loopDelay, type LoopBackoff } from '../../core/delivery/backoff.js';
import type { Exchange } from '../../core/delivery/exchange.js';
import type { Subscriptions } from '../../core/delivery/subscriptions.js';
import type { Interactions } from '../../core/interactions.js';
import type { ApiActivity } from '../../core/service/activity.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery } from '../../kernel/messages.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { GrpcListener } from '../grpc/listener.js';
import type { DaprContext, DaprSubscriptionInfo } from './context.js';
import { DaprBulkExchange, httpBulkSend } from './bulk.js';
import { readSubscriptionResources } from './declarative.js';
import { DaprExchange, type DaprDelivering, type DaprSubscriptionPlan } from './delivery.js';
import { AppCallback, DaprGrpcExchange } from './grpc/app-callback.js';
import { DaprGrpcApi } from './grpc/server.js';
import { planSubscriptions } from './programmatic.js';
import { daprEventType } from './publish.js';
import { createDaprApi } from './server.js';
import { DaprService } from './service.js';

/** How often the app's list is asked for while the app does not answer. */
const discoveryRetryMs = 1_000;
const subscribeListMaxBytes = 1_048_576;
/** A subscription that cannot start (its broker is down): tried again 1 s doubling to 30 s. */
const startFailedBackoff: LoopBackoff = { firstMs: 1_000, maxDoublings: 5, capMs: 30_000 };

export interface DaprParts {
  config: OutriggerConfig;
  dapr: DaprConfig;
  interactions: Interactions;
  subscriptions: Subscriptions;
  metrics: Metrics;
  logger: Logger;
  activity: ApiActivity;
  ready(): boolean;
}

/** How subscriptions are read from the app and delivered to it, by app protocol. */
interface AppSide {
  /** The app's list as parsed JSON; `none` when it serves none; undefined while it does not answer. */
  list(signal: AbortSignal): Promise<{ answered: unknown } | 'none' | undefined>;
  exchange(delivering: DaprDelivering): Exchange;
  close(): Promise<void>;
}

export class DaprListener {
  readonly server: Server;
  readonly grpc: GrpcListener;
  private readonly infos: DaprSubscriptionInfo[] = [];
  private readonly stopping = new AbortController();
  private app: AppSide | undefined;
  private readonly running: Array<Promise<void>> = [];
  /** Names of the subscriptions made or being started, so one topic is subscribed once. */
  private readonly planned = new Set<string>();

  constructor(private readonly parts: DaprParts) {
    const { config, dapr } = parts;
    const context: DaprContext = {
      dapr,
      appId: config.app.id,
      drivers: Object.fromEntries(Object.entries(config.brokers).map(([name, broker]) => [name, broker.driver])),
      resourceKind: (name) => (Object.hasOwn(config.queues, name) ? 'queue' : Object.hasOwn(config.topics, name) ? 'topic' : undefined),
      hasTarget: (name) => Object.hasOwn(config.targets, name),
      interactions: parts.interactions,
      server: config.server,
      logger: parts.logger,
      metrics: parts.metrics,
      activity: parts.activity,
      ready: parts.ready,
      subscriptions: () => this.infos,
      streams: {
        start: (plan, info, exchange) => this.startStream(plan, info, exchange),
        stop: (name) => this.stopStream(name),
        forward: (topic, delivery) => this.forward(topic, delivery),
      },
    };
    const service = new DaprService(context);
    this.server = createDaprApi(context, service);
    // Built now, not with the first connection, so that missing Dapr .proto files fail the start.
    const grpcApi = new DaprGrpcApi(context, service);
    this.grpc = new GrpcListener({ name: 'Dapr gRPC API', setting: 'dapr.grpcAddr, OUTRIGGER_DAPR_GRPC_ADDR', logger: parts.logger, load: async () => grpcApi });
  }

  /**
   * Starts the declarative subscriptions (dapr.resourcesPath), and asks the app for its
   * programmatic ones in the background, until it answers or the daemon stops.
   */
  discover(): void {
    const { config, dapr, logger } = this.parts;
    if (config.app.url === null) {
      logger.info('dapr: no app.url, so no subscriptions are made');
      return;
    }
    this.app = dapr.appProtocol === 'grpc' ? grpcApp(config.app.url, dapr.appToken) : httpApp(config.app.url, dapr.appToken);
    if (dapr.resourcesPath !== null) {
      const declared = readSubscriptionResources(dapr.resourcesPath, config.app.id);
      for (const problem of declared.problems) logger.error({ problem }, 'dapr: subscription resource refused');
      this.subscribe(declared.entries, this.app, 'DECLARATIVE');
    }
    this.running.push(this.discoverFrom(this.app).catch((err: unknown) => logger.error({ err }, 'dapr: subscription discovery failed')));
  }

  /** Stops asking; the subscriptions themselves stop with the daemon's others. */
  drain(): void {
    this.stopping.abort();
  }

  async close(deadline: number): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.running, this.grpc.close(deadline)]);
    await this.app?.close();
  }

  private async discoverFrom(app: AppSide): Promise<void> {
    const { logger } = this.parts;
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const list = await app.list(signal);
      if (list === 'none') {
        logger.info('dapr: the app lists no subscriptions (it does not serve the list), so none are made');
        return;
      }
      if (list !== undefined) return this.subscribe(list.answered, app, 'PROGRAMMATIC');
      logger.debug('dapr: app not answering for its subscriptions yet; trying again');
      await sleepUnlessAborted(discoveryRetryMs, signal);
    }
  }

  private subscribe(list: unknown, app: AppSide, type: DaprSubscriptionInfo['type']): void {
    const { logger, dapr } = this.parts;
    const limits = { maxDeliveries: defaults.subscription.maxDeliveries, timeoutMs: defaults.subscription.timeoutMs };
    for (const planned of planSubscriptions(list, dapr, limits, type)) {
      if (!planned.ok) {
        logger.error({ problem: planned.problem }, 'dapr: subscription refused');
        continue;
      }
      // Dapr lets a declarative subscription win over a programmatic one for the same topic.
      if (this.planned.has(planned.plan.name)) {
        logger.warn({ subscription: planned.plan.name, type }, 'dapr: a subscription to this topic is already made; this one is ignored');
        continue;
      }
      this.planned.add(planned.plan.name);
      const forward = (topic: string, delivery: Delivery): Promise<void> => this.forward(topic, delivery);
      const exchange = app.exchange({ plan: planned.plan, forward, logger });
      this.running.push(this.start(planned.plan, planned.info, exchange));
    }
  }

  /**
   * Starts one subscription, again and again with backoff while it fails (its broker may be
   * down at start-up): the daemon is not ready meanwhile, and is again once it runs.
   */
  private async start(plan: DaprSubscriptionPlan, info: DaprSubscriptionInfo, exchange: Exchange): Promise<void> {
    const { logger, dapr, interactions, subscriptions } = this.parts;
    const broker = dapr.pubsubs[plan.pubsub]!.broker;
    const signal = this.stopping.signal;
    for (let failures = 1; !signal.aborted; failures++) {
      try {
        interactions.bindTopic(plan.topic, broker);
        if (plan.deadLetterTopic !== undefined) interactions.bindTopic(plan.deadLetterTopic, broker);
        await subscriptions.addTopicSubscription(pushConfig(plan), exchange);
        this.infos.push(info);
        logger.info({ subscription: plan.name, pubsub: plan.pubsub, topic: plan.topic, deadLetterTopic: plan.deadLetterTopic }, 'dapr: subscription running');
        return;
      } catch (err) {
        const waitMs = loopDelay(failures, startFailedBackoff);
        logger.error({ err, subscription: plan.name, retryInMs: waitMs }, 'dapr: subscription could not start; trying again');
        await sleepUnlessAborted(waitMs, signal);
      }
    }
  }

  private async startStream(plan: DaprSubscriptionPlan, info: DaprSubscriptionInfo, exchange: Exchange): Promise<void> {
    const { dapr, interactions, subscriptions, logger } = this.parts;
    if (this.stopping.signal.aborted) throw new OutriggerError('shutting_down', 'the sidecar is shutting down; subscribe again to its successor');
    if (this.planned.has(plan.name)) throw new OutriggerError('unsupported_operation', `a streaming subscription to ${plan.pubsub}/${plan.topic} is already open; one stream per topic at a time`);
    const broker = dapr.pubsubs[plan.pubsub]!.broker;
    interactions.bindTopic(plan.topic, broker);
    if (plan.deadLetterTopic !== undefined) interactions.bindTopic(plan.deadLetterTopic, broker);
    this.planned.add(plan.name);
    try {
      await subscriptions.addTopicSubscription(pushConfig(plan), exchange);
    } catch (err) {
      this.planned.delete(plan.name);
      await subscriptions.removeTopicSubscription(plan.name, Date.now());
      throw err;
    }
    this.infos.push(info);
    logger.info({ subscription: plan.name, pubsub: plan.pubsub, topic: plan.topic }, 'dapr: streaming subscription open');
  }

  private async stopStream(name: string): Promise<void> {
    // The client is gone: nothing it holds can be answered, so release at once.
    await this.parts.subscriptions.removeTopicSubscription(name, Date.now());
    // Listed until it is gone for good, so that a stream the metadata no longer shows can be
    // opened again at once (a new one is refused while the old one is still being removed).
    const index = this.infos.findIndex((info) => info.type === 'STREAMING' && `dapr.stream.${info.pubsubname}.${info.topic}` === name);
    if (index !== -1) this.infos.splice(index, 1);
    this.planned.delete(name);
    this.parts.logger.info({ subscription: name }, 'dapr: streaming subscription closed');
  }

  /** The message as it was stored, same id, onto the dead-letter topic. */
  private async forward(topic: string, delivery: Delivery): Promise<void> {
    const event = fromBinary(delivery.headers, delivery.data, { source: this.parts.config.app.id, type: daprEventType });
    await this.parts.interactions.publish(topic, [event]);
  }
}

function httpApp(url: string, appToken: string | null): AppSide {
  const client = new AppClient(url, defaults.subscription.concurrency * 4);
  const headers: Record<string, string> = appToken === null ? {} : { 'dapr-api-token': appToken };
  return {
    async list(signal) {
      const answer = await client.request({ method: 'GET', path: '/dapr/subscribe', headers, body: new Uint8Array(0) }, defaults.subscription.timeoutMs, signal, subscribeListMaxBytes);
      if (answer.kind === 'response' && answer.status === 404) return 'none';
      if (answer.kind !== 'response' || answer.status !== 200) return undefined;
      try {
        return { answered: JSON.parse(answer.body.toString('utf8')) as unknown };
      } catch {
        // planSubscriptions names what is wrong with it.
        return { answered: undefined };
      }
    },
    exchange: (delivering) =>
      delivering.plan.bulk === undefined
        ? new DaprExchange(delivering, client, appToken)
        : new DaprBulkExchange(delivering, httpBulkSend(client, appToken, delivering.plan), delivering.plan.bulk),
    close: () => client.close(),
  };
}

function grpcApp(url: string, appToken: string | null): AppSide {
  const app = new AppCallback(url, appToken);
  return {
    async list() {
      const list = await app.subscriptions(defaults.subscription.timeoutMs);
      return list === 'unimplemented' ? 'none' : list === undefined ? undefined : { answered: list };
    },
    exchange: (delivering) =>
      delivering.plan.bulk === undefined
        ? new DaprGrpcExchange(delivering, app)
        : new DaprBulkExchange(delivering, (path, entries, signal) => app.onBulkTopicEvent(delivering.plan, path, entries, signal), delivering.plan.bulk),
    async close() {
      app.close();
    },
  };
}

function pushConfig(plan: DaprSubscriptionPlan): PushSubscriptionConfig {
  const { subscription } = defaults;
  return {
    name: plan.name,
    from: { kind: 'topic', topic: plan.topic, filter: null },
    deliver: plan.routes.fallback ?? '/',
    // A bulk subscription holds a whole batch in flight to fill it.
    concurrency: Math.max(subscription.concurrency, plan.bulk?.maxMessagesCount ?? 0),
    ordered: false,
    maxDeliveries: plan.maxDeliveries,
    leaseMs: subscription.leaseMs,
    timeoutMs: plan.timeoutMs,
    retry: { ...subscription.retry },
    policy: defaults.policyName,
    serve: false,
  };
}
