/** What the Dapr listeners and their service can use. */
import type { DaprConfig, ServerConfig } from '../../config/types.js';
import type { Exchange } from '../../core/delivery/exchange.js';
import type { Interactions } from '../../core/interactions.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { ApiActivity } from '../../core/service/activity.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { DaprSubscriptionPlan, Forward } from './delivery.js';

/** A Dapr subscription as GET /v1.0/metadata lists it. */
export interface DaprSubscriptionInfo {
  pubsubname: string;
  topic: string;
  deadLetterTopic: string;
  metadata: Record<string, string>;
  rules: Array<{ match: string; path: string }>;
  type: 'PROGRAMMATIC' | 'DECLARATIVE' | 'STREAMING';
}

/** Streaming subscriptions (gRPC SubscribeTopicEventsAlpha1) run on the daemon's pumps, as the others. */
export interface DaprStreams {
  start(plan: DaprSubscriptionPlan, info: DaprSubscriptionInfo, exchange: Exchange): Promise<void>;
  /** Stops it, releasing what its client had not answered. */
  stop(name: string): Promise<void>;
  /** Publishes a message unchanged to a dead-letter topic. */
  forward: Forward;
}

export interface DaprContext {
  dapr: DaprConfig;
  appId: string;
  /** Driver of each broker, for the component types /v1.0/metadata lists. */
  drivers: Record<string, string>;
  /** What an output binding's name is: one of the configured queues or topics. */
  resourceKind(name: string): 'queue' | 'topic' | undefined;
  /** Whether a query target of this name is configured (service invocation's app ids). */
  hasTarget(name: string): boolean;
  interactions: Interactions;
  server: ServerConfig;
  logger: Logger;
  metrics: Metrics;
  activity: ApiActivity;
  /** The daemon's readiness, as /v1.0/healthz reports it. */
  ready(): boolean;
  subscriptions(): DaprSubscriptionInfo[];
  streams: DaprStreams;
}

/** Dapr's pubsub name → its broker; unknown_resource is Dapr's 400 ERR_PUBSUB_NOT_FOUND (errors.ts). */
export function brokerOf(context: DaprContext, pubsub: string): string {
  const found = context.dapr.pubsubs[pubsub];
  if (found === undefined) {
    const known = Object.keys(context.dapr.pubsubs);
    throw new OutriggerError('unknown_resource', `pubsub ${pubsub} is not found${known.length === 0 ? '' : ` (configured: ${known.join(', ')})`}`);
  }
  return found.broker;
}
