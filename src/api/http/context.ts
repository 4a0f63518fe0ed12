/** What every HTTP route can use: the interactions and the server's limits. */
import type { ServerConfig } from '../../config/types.js';
import type { Interactions } from '../../core/interactions.js';
import type { ApiActivity } from '../../core/service/activity.js';
import type { Logger } from '../../observability/logger.js';

export interface ApiContext {
  interactions: Interactions;
  server: ServerConfig;
  logger: Logger;
  /** Shared with gRPC: shutdown waits until the API has gone quiet. */
  activity: ApiActivity;
}
