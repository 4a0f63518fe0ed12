/**
 * The Entra ID check's signing keys: fetched once and cached (tokens keep verifying after the key
 * endpoint goes away), and keys that cannot be fetched answer 503 rather than 401, since Event
 * Grid takes 401 as final and would dead-letter the delivery. In process: the daemon's listener,
 * a real app, a local tenant (JWKS over HTTP, tokens signed with jose).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startTestTenant, type TestTenant } from '../../infra/helpers/jwks.js';
import { freePort } from '../../infra/helpers/ports.js';
import { cloudEvent, push } from '../../infra/eventgrid-server/pusher.js';
import { startWebhookListener } from './webhook-listener.js';

const audience = 'api://keys-test';
let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

function listener(tenantId: string, jwksUri: string): ReturnType<typeof startWebhookListener> {
  return startWebhookListener(app.url, `{ kind: eventgrid, entra: { tenantId: "${tenantId}", audience: "${audience}", jwksUri: "${jwksUri}" } }`);
}

describe('eventgrid webhook - signing keys', () => {
  it('keys - fetched once and cached: tokens still verify after the key endpoint is gone', async () => {
    const tenant: TestTenant = await startTestTenant();
    const { webhook, url } = await listener(tenant.tenantId, tenant.jwksUri);
    try {
      const first = await push(url, { bearer: await tenant.token({ aud: audience }) }, { schema: 'cloudevents', event: cloudEvent('k1', 'T') });
      expect(first.status).toBe(200);
      const later = await tenant.token({ aud: audience, sub: 'again' });
      await tenant.close();
      expect((await push(url, { bearer: later }, { schema: 'cloudevents', event: cloudEvent('k2', 'T') })).status).toBe(200);
    } finally {
      await webhook.close(Date.now());
    }
  });

  it('keys - keys that cannot be fetched are 503 with Retry-After, not 401, and the app is not called', async () => {
    const tenant = await startTestTenant();
    const token = await tenant.token({ aud: audience });
    const unreachable = `http://127.0.0.1:${await freePort()}/keys`;
    await tenant.close();
    const { webhook, url } = await listener(tenant.tenantId, unreachable);
    try {
      const before = app.received.length;
      const answer = await push(url, { bearer: token }, { schema: 'cloudevents', event: cloudEvent('k3', 'T') });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('10');
      expect(app.received.length).toBe(before);
    } finally {
      await webhook.close(Date.now());
    }
  });
});
