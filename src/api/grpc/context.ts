/** What every gRPC service can use: the interactions, the server's limits, and the lifecycle signals. */
import type { ServerConfig } from '../../config/types.js';
import type { Interactions } from '../../core/interactions.js';
import type { ApiActivity } from '../../core/service/activity.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';

export interface GrpcContext {
  interactions: Interactions;
  server: ServerConfig;
  logger: Logger;
  metrics: Metrics;
  /** Aborted when the API closes: long-lived calls (ReadStream with follow, health Watch) end. */
  closing: AbortSignal;
  /** Aborted when draining starts: health turns NOT_SERVING; Consume takes no new subscriptions and sends nothing new. */
  draining: AbortSignal;
  /** The daemon's readiness, for grpc.health.v1. */
  ready(): boolean;
  /** Shared with HTTP: shutdown waits until the API has gone quiet. */
  activity: ApiActivity;
}
