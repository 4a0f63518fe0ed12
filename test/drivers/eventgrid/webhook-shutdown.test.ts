/**
 * The webhook listener on shutdown: once draining starts, new Event Grid deliveries are answered
 * 503 (Event Grid retries them, possibly on another replica); a push still in flight when the
 * grace period ends is stopped and answered 503, never 200 or 400; then the port closes.
 * In process: the listener the daemon builds, a real app, real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { cloudEvent, push } from '../../infra/eventgrid-server/pusher.js';
import { startWebhookListener } from './webhook-listener.js';

const secret = 'shutdown-test-secret-0123';
let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

function listener(): ReturnType<typeof startWebhookListener> {
  return startWebhookListener(app.url, `{ kind: eventgrid, secret: "${secret}" }`);
}

describe('eventgrid webhook - shutdown', () => {
  it('shutdown - a delivery after draining starts is 503 and never reaches the app', async () => {
    const { webhook, url } = await listener();
    webhook.drain();
    const before = app.received.length;
    const answer = await push(url, { code: secret }, { schema: 'cloudevents', event: cloudEvent('late', 'T') });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('10');
    expect(app.received.length).toBe(before);
    await webhook.close(Date.now());
  });

  it('shutdown - a push still running when the grace period ends is stopped and answered 503', async () => {
    const { webhook, url } = await listener();
    app.respond = () => ({ status: 200, delayMs: 2_000 });
    const pending = push(url, { code: secret }, { schema: 'cloudevents', event: cloudEvent('slow', 'T') });
    await app.waitFor((r) => r.some((x) => x.headers['ce-id'] === 'slow'), 5_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await webhook.close(Date.now() + 200);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_500);
    app.respond = () => ({ status: 200 });
  });
});
