/**
 * The webhook listener the daemon builds, started in process on a free loopback port for one
 * Event Grid webhook `wh` delivering to `/s` on the app, so a test can push to it and drain or
 * close it itself.
 */
import { WebhookListener } from '../../../src/api/webhook/listener.js';
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/observability/logger.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { freePort } from '../../infra/helpers/ports.js';
import { writeConfig } from '../../unit/config/support.js';

/** `webhook`: the YAML flow mapping of the webhook's settings, e.g. `{ kind: eventgrid, secret: "…" }`. */
export async function startWebhookListener(appUrl: string, webhook: string): Promise<{ webhook: WebhookListener; url: string }> {
  const port = await freePort();
  const config = loadConfig({
    path: writeConfig(
      [
        `app: { url: "${appUrl}" }`,
        `server: { webhookAddr: "127.0.0.1:${port}" }`,
        `webhooks: { wh: ${webhook} }`,
        'subscriptions: [ { name: s, from: { webhook: wh }, deliver: /s } ]',
        '',
      ].join('\n'),
    ),
    env: {},
  });
  const listener = WebhookListener.create(config, new Metrics({ processMetrics: false }), createLogger('silent'))!;
  await listener.listen();
  return { webhook: listener, url: `http://127.0.0.1:${port}/webhooks/wh` };
}
