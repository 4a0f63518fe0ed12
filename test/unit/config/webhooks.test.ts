/** Config of Event Grid webhooks: what is resolved, and what validate refuses. */
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfigFile } from '../../../src/config/load.js';
import { writeConfig } from './support.js';

const secret = 'a-secret-of-sixteen-or-more';

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): Array<{ path: string; message: string }> {
  const result = validateConfigFile(writeConfig(yaml), env);
  return result.ok ? [] : result.problems;
}

describe('config - webhooks', () => {
  it('config - webhooks and their subscriptions are resolved apart from broker subscriptions', () => {
    const config = loadConfig({
      path: writeConfig(
        [
          'app: { url: "http://127.0.0.1:8080" }',
          'server: { webhookAddr: "0.0.0.0:7713" }',
          'webhooks:',
          `  storage-events: { kind: eventgrid, secret: "${secret}" }`,
          '  entra-events: { kind: eventgrid, entra: { tenantId: t1, audience: "api://x" }, remember: 1h, rememberMax: 50 }',
          'subscriptions:',
          '  - { name: blob-created, from: { webhook: storage-events, filter: { type: Microsoft.Storage.BlobCreated } }, deliver: /events/blob-created }',
          '',
        ].join('\n'),
      ),
      env: {},
    });
    expect(config.subscriptions).toEqual([]);
    expect(config.server.webhookAddr).toBe('0.0.0.0:7713');
    expect(config.webhooks).toEqual({
      'storage-events': {
        kind: 'eventgrid',
        auth: { kind: 'secret', secret },
        maxBodyBytes: 1_048_576,
        rememberMs: 86_400_000,
        rememberMax: 100_000,
        subscriptions: [{ name: 'blob-created', filter: { types: ['Microsoft.Storage.BlobCreated'] }, deliver: '/events/blob-created', concurrency: 16, timeoutMs: 25_000 }],
      },
      'entra-events': {
        kind: 'eventgrid',
        auth: { kind: 'entra', tenantId: 't1', audience: 'api://x', issuers: ['https://sts.windows.net/t1/', 'https://login.microsoftonline.com/t1/v2.0'], jwksUri: 'https://login.microsoftonline.com/t1/discovery/v2.0/keys' },
        maxBodyBytes: 1_048_576,
        rememberMs: 3_600_000,
        rememberMax: 50,
        subscriptions: [],
      },
    });
  });

  it('config - without webhooks nothing changes: no webhooks key, no webhook address', () => {
    const config = loadConfig({ path: writeConfig('app: { id: a }\n'), env: {} });
    expect(config.webhooks).toBeUndefined();
    expect(config.server.webhookAddr).toBeUndefined();
    expect(loadConfig({ path: writeConfig('app: { id: a }\n'), env: { OUTRIGGER_WEBHOOK_ADDR: '127.0.0.1:9999' } }).server.webhookAddr).toBe('127.0.0.1:9999');
  });

  it('validate - a webhook without auth, or with both, is refused', () => {
    expect(problems('webhooks:\n  a: { kind: eventgrid }\n  b: { kind: eventgrid, secret: "' + secret + '", entra: { tenantId: t, audience: x } }\n')).toEqual([
      { path: 'webhooks.a', message: expect.stringMatching(/^needs secret .* or entra .*never accepts unauthenticated calls/) },
      { path: 'webhooks.b', message: 'give either secret or entra, not both' },
    ]);
  });

  it('validate - a webhook subscription needs a known webhook and deliver, and cannot be ordered', () => {
    const found = problems(
      [
        'app: { url: "http://127.0.0.1:8080" }',
        'webhooks:',
        `  storage-events: { kind: eventgrid, secret: "${secret}" }`,
        'subscriptions:',
        '  - { name: a, from: { webhook: storage-event }, deliver: /a }',
        '  - { name: b, from: { webhook: storage-events } }',
        '  - { name: c, from: { webhook: storage-events }, deliver: /c, ordered: true }',
        '  - { name: d, from: { webhook: storage-events }, deliver: /d, timeout: 60s }',
        '',
      ].join('\n'),
    );
    expect(found.map((p) => p.path)).toEqual(['subscriptions[0].from.webhook', 'subscriptions[1].deliver', 'subscriptions[2].ordered', 'subscriptions[3].timeout']);
    expect(found[0]!.message).toMatch(/storage-events/);
  });

  it('validate - the webhook port may not clash with another listener, but only matters with webhooks', () => {
    expect(problems('server: { httpAddr: "127.0.0.1:7703" }\n')).toEqual([]);
    expect(problems(`server: { httpAddr: "127.0.0.1:7703" }\nwebhooks:\n  a: { kind: eventgrid, secret: "${secret}" }\n`).map((p) => p.path)).toEqual(['server.httpAddr']);
  });
});
