/**
 * Safe defaults on the server side, with the built daemon: no token-less API beyond loopback
 * unless asked for, bounded headers, and no secret in any log line.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDaemon } from '../infra/helpers/daemon.js';
import { e2eCleanups } from '../infra/helpers/e2e-cleanups.js';
import { freePort } from '../infra/helpers/ports.js';

const { daemonFor, appFor } = e2eCleanups();

/** Sends raw bytes and resolves with the status line of the answer. */
function rawStatus(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer.split('\r\n', 1)[0]!));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
  });
}

describe('safe defaults - the API beyond loopback', () => {
  it('refuses to start without a token, naming how to allow it, and starts when allowed', async () => {
    const port = await freePort();
    const env = { OUTRIGGER_HTTP_ADDR: `0.0.0.0:${port}` };
    const refused = await startDaemon({ env }).then(
      async (daemon) => {
        await daemon.kill();
        return '';
      },
      (err: Error) => err.message,
    );
    expect(refused).toContain('exited with 1');
    expect(refused).toContain('without an API token');
    expect(refused).toContain('OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN=true');
    const allowed = await daemonFor({ env: { ...env, OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN: 'true' } });
    expect((await fetch(`http://127.0.0.1:${port}/v1/meta`)).status).toBe(200);
    expect(allowed.output()).toContain(`0.0.0.0:${port}`);
  });
});

describe('safe defaults - bounded requests', () => {
  it('answers too many or too large header fields with 431, on the API and admin ports', async () => {
    const daemon = await daemonFor({});
    const many = Array.from({ length: 101 }, (_, i) => `x-h${i}: ${i}\r\n`).join('');
    const large = `x-large: ${'a'.repeat(20 * 1024)}\r\n`;
    for (const base of [daemon.url, daemon.adminUrl]) {
      expect(await rawStatus(base, `GET /v1/meta HTTP/1.1\r\nhost: x\r\n${many}connection: close\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(await rawStatus(base, `GET /v1/meta HTTP/1.1\r\nhost: x\r\n${large}connection: close\r\n\r\n`)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    }
    const within = Array.from({ length: 90 }, (_, i) => `x-h${i}: ${i}\r\n`).join('');
    expect(await rawStatus(daemon.url, `GET /v1/meta HTTP/1.1\r\nhost: x\r\n${within}connection: close\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
  });
});

describe('safe defaults - secrets stay out of the logs', () => {
  it('no log line of a run, at debug level, holds the API token or a password from a URL or connection string', async () => {
    const token = `tok-${randomUUID()}`;
    const targetPassword = `tpw-${randomUUID()}`;
    const brokerPassword = `bpw-${randomUUID()}`;
    const target = await appFor();
    target.respond = () => ({ status: 200, body: 'ok' });
    const app = await appFor();
    const config = {
      app: { id: 'secrets', url: app.url },
      server: { apiToken: token },
      logging: { level: 'debug' },
      queues: { jobs: {} },
      targets: { catalog: { url: target.url.replace('http://', `http://reader:${targetPassword}@`) } },
      subscriptions: [{ name: 'jobs', from: { queue: 'jobs' }, deliver: '/jobs' }],
    };
    const daemon = await daemonFor({ config });
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${daemon.url}/v1/command/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"n":1}' })).status).toBe(202);
    expect((await fetch(`${daemon.url}/v1/command/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}x` }, body: '{}' })).status).toBe(401);
    expect((await fetch(`${daemon.url}/v1/query/catalog/items`, { headers: auth })).status).toBe(200);
    await fetch(`${daemon.url}/v1/meta`, { headers: auth });
    await app.waitFor((r) => r.length === 1);
    expect(await daemon.stop()).toBe(0);

    // A broker whose connection fails at start-up: the error is logged, its password is not.
    const redisPort = await freePort();
    const failed = await startDaemon({
      config: { app: { id: 'secrets' }, logging: { level: 'debug' }, brokers: { cache: { driver: 'redis', url: `redis://user:${brokerPassword}@127.0.0.1:${redisPort}` } }, queues: { jobs: { broker: 'cache' } } },
      env: { OUTRIGGER_API_TOKEN: token },
      readyTimeoutMs: 20_000,
    }).then(
      async (started) => {
        await started.kill();
        return started.output();
      },
      (err: Error) => err.message,
    );
    expect(failed).toContain("Redis broker 'cache'");

    const lines = `${daemon.output()}\n${failed}`.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [token, targetPassword, brokerPassword]) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
