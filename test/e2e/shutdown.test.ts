/**
 * Honest shutdown, with the built daemon: what the grace period could not finish is logged one
 * delivery at a time with a summary, comes back marked as seen, and a second signal stops at once.
 */
import { describe, expect, it } from 'vitest';
import { deliveriesOf, type TestApp } from '../infra/helpers/app-server.js';
import { postAccepted } from '../infra/helpers/daemon.js';
import { e2eCleanups } from '../infra/helpers/e2e-cleanups.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

const { daemonFor, appFor } = e2eCleanups();

type LogLine = Record<string, unknown> & { msg: string };

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

function configFor(app: TestApp, gracePeriod: string) {
  return {
    app: { id: 'shutdown', url: app.url },
    queues: { jobs: {} },
    streams: { ticks: { partitions: 1 } },
    shutdown: { gracePeriod },
    subscriptions: [
      { name: 'jobs', from: { queue: 'jobs' }, deliver: '/jobs', concurrency: 4 },
      { name: 'ticks', from: { stream: 'ticks', group: 'g' }, deliver: '/ticks' },
    ],
  };
}

describe('shutdown - the grace period runs out', () => {
  it('logs each released delivery and a summary, and delivers them again marked Outrigger-Redelivered', async () => {
    const dataDir = tempDir('honest');
    const app = await appFor();
    app.respond = () => ({ status: 200, delayMs: 4_000 });
    const config = configFor(app, '600ms');
    const daemon = await daemonFor({ dataDir, config });
    const jobs = [await postAccepted(daemon, '/v1/command/jobs', { n: 1 }), await postAccepted(daemon, '/v1/command/jobs', { n: 2 })];
    const tick = await postAccepted(daemon, '/v1/stream/ticks', { t: 1 });
    await app.waitFor((r) => r.length === 3);
    expect(await daemon.stop('SIGTERM')).toBe(0);

    const lines = logLines(daemon.output());
    const released = lines.filter((line) => line.msg.startsWith('grace period over: delivery released unfinished'));
    expect(released.map((line) => line.id).sort()).toEqual([...jobs, tick].sort());
    for (const line of released) expect(line).toMatchObject({ attempt: 1, subscription: line.id === tick ? 'ticks' : 'jobs', ranMs: expect.any(Number) });
    // Queue deliveries and stream events alike had the grace period to finish.
    for (const line of released) expect(line.ranMs).toBeGreaterThanOrEqual(500);
    expect(released.find((line) => line.id === tick)).toMatchObject({ partition: 0, offset: 0 });
    const summary = lines.find((line) => line.msg.startsWith('grace period over: deliveries released unfinished'));
    expect(summary).toMatchObject({ released: 3, subscriptions: { jobs: 2, ticks: 1 } });
    expect(lines.findIndex((line) => line === summary)).toBeLessThan(lines.findIndex((line) => line.msg === 'stopped'));

    app.received.length = 0;
    app.respond = () => ({ status: 200 });
    const restarted = await daemonFor({ dataDir, config });
    await app.waitFor((r) => r.length === 3, 10_000);
    for (const id of jobs) {
      expect(deliveriesOf('/jobs', id)(app.received)[0]!.headers).toMatchObject({ 'outrigger-attempt': '1', 'outrigger-redelivered': 'true' });
    }
    expect(deliveriesOf('/ticks', tick)(app.received)[0]!.headers).toMatchObject({ 'outrigger-attempt': '1', 'outrigger-redelivered': 'true' });
    const fresh = await postAccepted(restarted, '/v1/command/jobs', { n: 3 });
    await app.waitFor((r) => deliveriesOf('/jobs', fresh)(r).length === 1);
    expect(deliveriesOf('/jobs', fresh)(app.received)[0]!.headers['outrigger-redelivered']).toBeUndefined();
  });

  it('finishes in time without a release line when the app answers within the grace period, and delivers nothing again', async () => {
    const dataDir = tempDir('in-time');
    const app = await appFor();
    app.respond = () => ({ status: 200, delayMs: 700 });
    const config = configFor(app, '5s');
    const daemon = await daemonFor({ dataDir, config });
    await postAccepted(daemon, '/v1/command/jobs', { n: 1 });
    await postAccepted(daemon, '/v1/stream/ticks', { t: 1 });
    await app.waitFor((r) => r.length === 2);
    expect(await daemon.stop('SIGTERM')).toBe(0);
    const messages = logLines(daemon.output()).map((line) => line.msg);
    expect(messages).toContain('every in-flight delivery finished within the grace period');
    expect(messages.some((msg) => msg.startsWith('grace period over'))).toBe(false);

    app.received.length = 0;
    await daemonFor({ dataDir, config });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(app.received).toEqual([]);
  });
});

describe('shutdown - a second signal', () => {
  it('releases what the app holds at once and exits, long before the grace period ends', async () => {
    const app = await appFor();
    app.respond = () => ({ status: 200, delayMs: 20_000 });
    const daemon = await daemonFor({ config: configFor(app, '30s') });
    const id = await postAccepted(daemon, '/v1/command/jobs', { n: 1 });
    await app.waitFor((r) => r.length === 1);
    const started = Date.now();
    daemon.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    daemon.child.kill('SIGINT');
    expect(await daemon.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const lines = logLines(daemon.output());
    expect(lines.map((line) => line.msg)).toContain('second signal: releasing in-flight deliveries now and stopping');
    expect(lines.find((line) => line.msg.startsWith('grace period over: delivery released'))).toMatchObject({ id, subscription: 'jobs', attempt: 1 });
  });
});
