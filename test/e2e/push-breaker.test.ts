/** Push delivery and the app's circuit breaker: a failing app gets fewer deliveries, not a hammering. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';

let app: TestApp;
let daemon: RunningDaemon;

beforeAll(async () => {
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: 'breaker', url: app.url },
      queues: { jobs: { maxDeliveries: 20 } },
      policies: { gentle: { circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: '1500ms' } } },
      subscriptions: [{ name: 'jobs', from: { queue: 'jobs' }, deliver: '/jobs', policy: 'gentle', retry: { initialBackoff: '10ms', maxBackoff: '20ms' } }],
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
});

describe('push delivery - circuit breaker', () => {
  it('pauses deliveries while the breaker is open, probes once, and resumes when the app recovers', async () => {
    app.respond = () => ({ status: 500 });
    const sent = await fetch(`${daemon.url}/v1/command/jobs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(sent.status).toBe(202);
    await app.waitFor((received) => received.length >= 3, 10_000);
    const [, second, third] = app.received;
    // Two failures open the breaker: the third attempt is the half-open probe, 1.5 s later.
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(1_300);
    const metrics = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/outrigger_circuit_state\{scope="subscription",name="jobs"\} [12]/);

    app.respond = () => ({ status: 200 });
    await app.waitFor((received) => received.length >= 4, 10_000);
    const attempts = app.received.map((r) => Number(r.headers['outrigger-attempt']));
    // Released while open: the pause spent no delivery attempts.
    expect(attempts).toEqual(attempts.map((_, i) => i + 1));
  });
});
