/**
 * The Dapr-compatible API as one part the daemon opens and closes: the HTTP listener, and the
 * discovery of the app's programmatic subscriptions, which run on the daemon's own pumps.
 */
import type { Server } from 'node:http';
import { defaults } from '../../config/defaults.js';
import type { DaprConfig, OutriggerConfig, PushSubscriptionConfig } from '../../config/types.js';
import { fromBinary } from '../../core/cloudevents.js';
import { AppClient } from '../../core/delivery/app-client.js';
import type { Subscriptions } from '../../core/delivery/subscriptions.js';
import { sleep } from '../../core/delivery/support.js';
import type { Interactions } from '../../core/interactions.js';
import type { ApiActivity } from '../../core/service/activity.js';
import type { Delivery } from '../../kernel/messages.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { DaprSubscriptionInfo } from './context.js';
import { DaprExchange, type DaprSubscriptionPlan } from './delivery.js';
import { planSubscriptions } from './programmatic.js';
import { daprEventType } from './publish.js';
import { createDaprApi } from './server.js';

/** How often GET /dapr/subscribe is tried while the app does not answer it. */
const discoveryRetryMs = 1_000;
const subscribeListMaxBytes = 1_048_576;

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

export class DaprListener {
  readonly server: Server;
  private readonly infos: DaprSubscriptionInfo[] = [];
  private readonly stopping = new AbortController();
  private app: AppClient | undefined;
  private discovery: Promise<void> | undefined;

  constructor(private readonly parts: DaprParts) {
    const { config, dapr } = parts;
    this.server = createDaprApi({
      dapr,
      appId: config.app.id,
      drivers: Object.fromEntries(Object.entries(config.brokers).map(([name, broker]) => [name, broker.driver])),
      interactions: parts.interactions,
      server: config.server,
      logger: parts.logger,
      metrics: parts.metrics,
      activity: parts.activity,
      ready: parts.ready,
      subscriptions: () => this.infos,
    });
  }

  /** Asks the app for its subscriptions in the background, until it answers or the daemon stops. */
  discover(): void {
    const url = this.parts.config.app.url;
    if (url === null) {
      this.parts.logger.info('dapr: no app.url, so no programmatic subscriptions are asked for');
      return;
    }
    this.app = new AppClient(url, defaults.subscription.concurrency * 4);
    this.discovery = this.discoverFrom(this.app).catch((err: unknown) => this.parts.logger.error({ err }, 'dapr: subscription discovery failed'));
  }

  /** Stops asking; the subscriptions themselves stop with the daemon's others. */
  drain(): void {
    this.stopping.abort();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await this.discovery;
    await this.app?.close();
  }

  private async discoverFrom(app: AppClient): Promise<void> {
    const { logger, dapr } = this.parts;
    const signal = this.stopping.signal;
    const headers: Record<string, string> = dapr.appToken === null ? {} : { 'dapr-api-token': dapr.appToken };
    while (!signal.aborted) {
      const answer = await app.request({ method: 'GET', path: '/dapr/subscribe', headers, body: new Uint8Array(0) }, defaults.subscription.timeoutMs, signal, subscribeListMaxBytes);
      if (answer.kind === 'response' && answer.status === 404) {
        logger.info('dapr: the app has no GET /dapr/subscribe, so no programmatic subscriptions');
        return;
      }
      if (answer.kind === 'response' && answer.status === 200) return this.subscribe(answer.body, app);
      logger.debug({ answer: answer.kind === 'response' ? answer.status : answer.kind }, 'dapr: app not answering GET /dapr/subscribe yet; trying again');
      await sleep(discoveryRetryMs, signal);
    }
  }

  private async subscribe(body: Buffer, app: AppClient): Promise<void> {
    const { logger, dapr, interactions, subscriptions } = this.parts;
    let list: unknown;
    try {
      list = JSON.parse(body.toString('utf8'));
    } catch {
      list = undefined;
    }
    const limits = { maxDeliveries: defaults.subscription.maxDeliveries, timeoutMs: defaults.subscription.timeoutMs };
    for (const planned of planSubscriptions(list, dapr, limits)) {
      if (!planned.ok) {
        logger.error({ problem: planned.problem }, 'dapr: subscription refused');
        continue;
      }
      const { plan, info } = planned;
      const broker = dapr.pubsubs[plan.pubsub]!.broker;
      try {
        interactions.bindTopic(plan.topic, broker);
        if (plan.deadLetterTopic !== undefined) interactions.bindTopic(plan.deadLetterTopic, broker);
        const forward = (topic: string, delivery: Delivery) => this.forward(topic, delivery);
        await subscriptions.addTopicSubscription(pushConfig(plan), new DaprExchange(plan, app, dapr.appToken, forward, logger));
        this.infos.push(info);
        logger.info({ subscription: plan.name, pubsub: plan.pubsub, topic: plan.topic, deadLetterTopic: plan.deadLetterTopic }, 'dapr: subscription running');
      } catch (err) {
        logger.error({ err, subscription: plan.name }, 'dapr: subscription could not start');
      }
    }
  }

  /** The message as it was stored, same id, onto the dead-letter topic. */
  private async forward(topic: string, delivery: Delivery): Promise<void> {
    const event = fromBinary(delivery.headers, delivery.data, { source: this.parts.config.app.id, type: daprEventType });
    await this.parts.interactions.publish(topic, [event]);
  }
}

function pushConfig(plan: DaprSubscriptionPlan): PushSubscriptionConfig {
  const { subscription } = defaults;
  return {
    name: plan.name,
    from: { kind: 'topic', topic: plan.topic, filter: null },
    deliver: plan.routes.fallback ?? '/',
    concurrency: subscription.concurrency,
    ordered: false,
    maxDeliveries: plan.maxDeliveries,
    leaseMs: subscription.leaseMs,
    timeoutMs: plan.timeoutMs,
    retry: { ...subscription.retry },
    policy: defaults.policyName,
    serve: false,
  };
}
