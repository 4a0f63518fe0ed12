/**
 * A stream subscription configured to start at a time, through the built daemon on the embedded
 * broker: the group has no checkpoint, so it starts at the first event appended at or after that
 * time. One daemon appends; a second one, on the same data directory, has the subscription.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon } from '../infra/helpers/daemon.js';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('stream start - a new group starting at an RFC 3339 time gets only the events appended at or after it', async () => {
  const streams = { telemetry: { partitions: 2 } };
  const writer = await startDaemon({ config: { app: { id: 'writer' }, brokers: { local: { driver: 'embedded' } }, streams } });
  const append = async (i: number): Promise<string> => {
    const response = await fetch(`${writer.url}/v1/stream/telemetry`, {
      method: 'POST',
      body: JSON.stringify({ i }),
      headers: { 'content-type': 'application/json', 'outrigger-partition-key': `sensor-${i}` },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  let start: string;
  let after: string[];
  try {
    for (const i of [1, 2, 3]) await append(i);
    await sleep(60);
    start = new Date().toISOString();
    await sleep(60);
    after = [await append(4), await append(5), await append(6)];
  } finally {
    await writer.stop();
  }

  const reader = await startDaemon({
    dataDir: writer.dataDir,
    config: {
      app: { id: 'reader', url: app.url },
      brokers: { local: { driver: 'embedded' } },
      streams,
      subscriptions: [{ name: 'since', from: { stream: 'telemetry', group: 'since', start }, deliver: '/since' }],
    },
  });
  try {
    await app.waitFor((received) => after.every((id) => received.some((r) => r.headers['ce-id'] === id)));
    await sleep(300);
  } finally {
    await reader.stop();
  }
  const got = app.received.filter((r) => r.path === '/since').map((r) => (JSON.parse(r.body) as { i: number }).i);
  expect(got.sort()).toEqual([4, 5, 6]);
});
