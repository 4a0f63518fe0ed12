import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig, validateConfigFile } from '../../../src/config/load.js';
import type { OutriggerConfig } from '../../../src/config/types.js';
import { fixture, problemsOf, writeConfig } from './support.js';

const env = { BUS_FILE: '/var/lib/outrigger/bus.db' };

describe('loadConfig - the example from PRODUCT.md', () => {
  it('config - resolves every default, unit and reference', () => {
    const config = loadConfig({ path: fixture('example.yaml'), env });
    const expected: OutriggerConfig = {
      app: { id: 'orders', url: 'http://127.0.0.1:8080' },
      server: {
        httpAddr: '127.0.0.1:7700',
        grpcAddr: '127.0.0.1:7701',
        adminAddr: '0.0.0.0:7702',
        apiToken: null,
        allowRemoteWithoutToken: false,
        maxBodyBytes: 1_048_576,
        maxInFlightRequests: 10_000,
      },
      shutdown: { gracePeriodMs: 30_000 },
      logging: { level: 'info' },
      dataDir: './data',
      development: false,
      source: fixture('example.yaml'),
      brokers: {
        local: { driver: 'embedded', settings: {} },
        bus: { driver: 'embedded', settings: { file: '/var/lib/outrigger/bus.db' } },
      },
      defaultBroker: 'local',
      queues: { shipments: { broker: 'bus', entity: 'shipments', maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 600_000, defaultTtlMs: null } },
      topics: { orders: { broker: 'local', entity: 'orders' } },
      streams: { telemetry: { broker: 'local', entity: 'telemetry', partitions: 4, retentionMs: 604_800_000 } },
      targets: { catalog: { via: 'http', url: 'http://catalog.shop.svc:8080', timeoutMs: 2_000, policy: 'default' } },
      policies: {
        default: {
          timeoutMs: 30_000,
          retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 2_000, budget: { ratio: 0.2, minPerSecond: 10, windowMs: 10_000 } },
          circuitBreaker: { mode: 'consecutive', consecutiveFailures: 5, halfOpenAfterMs: 5_000 },
          bulkhead: { maxConcurrent: 100, maxQueue: 100 },
        },
      },
      subscriptions: [
        {
          name: 'ship',
          from: { kind: 'queue', queue: 'shipments' },
          deliver: '/commands/ship',
          concurrency: 16,
          ordered: false,
          maxDeliveries: 5,
          leaseMs: 30_000,
          timeoutMs: 60_000,
          retry: { initialBackoffMs: 200, maxBackoffMs: 30_000 },
          policy: 'default',
          serve: false,
        },
        {
          name: 'order-created',
          from: { kind: 'topic', topic: 'orders', filter: { types: ['OrderCreated'] } },
          deliver: '/events/order-created',
          concurrency: 16,
          ordered: true,
          maxDeliveries: 10,
          leaseMs: 30_000,
          timeoutMs: 60_000,
          retry: { initialBackoffMs: 200, maxBackoffMs: 30_000 },
          policy: 'default',
          serve: false,
        },
      ],
    };
    expect(config).toEqual(expected);
  });

  it('config - a stream subscription start is built into the position drivers take: earliest by default, or a time', () => {
    const text = `app: { id: orders, url: "http://127.0.0.1:8080" }\nstreams: { telemetry: {} }\nsubscriptions:
  - { name: a, from: { stream: telemetry }, deliver: /a }
  - { name: b, from: { stream: telemetry, group: b, start: latest }, deliver: /b }
  - { name: c, from: { stream: telemetry, group: c, start: "2026-11-01T01:00:00+01:00" }, deliver: /c }
`;
    const config = loadConfig({ path: writeConfig(text), env: {} });
    expect(config.subscriptions.map((s) => (s.from.kind === 'stream' ? s.from.start : undefined))).toEqual([
      { kind: 'earliest' },
      { kind: 'latest' },
      { kind: 'time', time: Date.UTC(2026, 10, 1) },
    ]);
  });

  it('config - refuses a driver that is not registered, listing the known ones', () => {
    const text = readFileSync(fixture('example.yaml'), 'utf8').replace('bus:   { driver: embedded, file: "${BUS_FILE}" }', 'bus: { driver: activemq, url: "${AMQ_URL}" }');
    const problems = problemsOf(() => loadConfig({ path: writeConfig(text), env: { AMQ_URL: 'amqp://x/' } }));
    expect(problems).toEqual([{ path: 'brokers.bus.driver', message: "unknown driver 'activemq' (known: azure-eventgrid, azure-eventhubs, azure-servicebus, azure-storage-queue, embedded, kafka, nats, rabbitmq, redis)" }]);
  });

  it('config - the example loads with the bus on azure-servicebus, as PRODUCT.md shows it', () => {
    const text = readFileSync(fixture('example.yaml'), 'utf8').replace('bus:   { driver: embedded, file: "${BUS_FILE}" }', 'bus: { driver: azure-servicebus, connectionString: "${SERVICEBUS_CONNECTION}" }');
    const config = loadConfig({ path: writeConfig(text), env: { SERVICEBUS_CONNECTION: 'Endpoint=sb://x/' } });
    expect(config.brokers['bus']).toMatchObject({ driver: 'azure-servicebus', settings: { connectionString: 'Endpoint=sb://x/' } });
  });

  it('config - the result is frozen all the way down', () => {
    const config = loadConfig({ path: fixture('example.yaml'), env });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config.server as { httpAddr: string }).httpAddr = '0.0.0.0:80';
    }).toThrow(TypeError);
    expect(() => (config.subscriptions as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (config.subscriptions[0]!.retry as { maxBackoffMs: number }).maxBackoffMs = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.brokers['bus']!.settings as Record<string, unknown>)['file'] = 'elsewhere';
    }).toThrow(TypeError);
  });
});

describe('loadConfig - where the configuration comes from', () => {
  it('config - with no file anywhere, runs zero-config development mode on the embedded broker', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      source: null,
      development: true,
      app: { id: 'app', url: null },
      brokers: { local: { driver: 'embedded', settings: { file: 'data/outrigger-dev.db' } } },
      defaultBroker: 'local',
      queues: {},
      topics: {},
      streams: {},
      targets: {},
      subscriptions: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('config - development mode keeps its data in its own file, under OUTRIGGER_DATA_DIR when set', () => {
    expect(loadConfig({ env: { OUTRIGGER_DATA_DIR: '/tmp/x' } }).brokers['local']!.settings).toEqual({ file: '/tmp/x/outrigger-dev.db' });
    expect(loadConfig({ path: writeConfig('queues:\n  jobs:\n'), env: {} }).brokers['local']!.settings).toEqual({});
  });

  it('config - with NODE_ENV=production and no file, refuses development mode unless asked for by name', () => {
    const problems = problemsOf(() => loadConfig({ env: { NODE_ENV: 'production' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/NODE_ENV=production.*outrigger run --dev/);
    expect(loadConfig({ env: { NODE_ENV: 'production' }, development: true }).development).toBe(true);
    const path = writeConfig('app: { id: prod }\n');
    expect(loadConfig({ env: { NODE_ENV: 'production', OUTRIGGER_CONFIG: path } }).development).toBe(false);
  });

  it('config - takes the file from OUTRIGGER_CONFIG when no path is given', () => {
    const path = writeConfig('app: { id: from-env-file }\n');
    expect(loadConfig({ env: { OUTRIGGER_CONFIG: path } }).app.id).toBe('from-env-file');
    expect(loadConfig({ path: null, env: { OUTRIGGER_CONFIG: path } }).source).toBe(path);
  });

  it('config - a file without brokers runs on the embedded broker, not in development mode', () => {
    const config = loadConfig({ path: writeConfig('queues:\n  jobs:\n'), env: {} });
    expect(config.development).toBe(false);
    expect(config.brokers).toEqual({ local: { driver: 'embedded', settings: {} } });
    expect(config.queues['jobs']).toMatchObject({ broker: 'local', entity: 'jobs', maxDeliveries: 10 });
  });

  it('config - an empty file is an empty configuration', () => {
    expect(loadConfig({ path: writeConfig(''), env: {} }).subscriptions).toEqual([]);
  });

  it('config - a missing file is one problem naming the file', () => {
    const problems = problemsOf(() => loadConfig({ path: '/nonexistent/outrigger.yaml', env: {} }));
    expect(problems).toEqual([{ path: '/nonexistent/outrigger.yaml', message: 'cannot read the configuration file (no such file)' }]);
  });

  it('config - a YAML syntax error is reported with its line and column', () => {
    const path = fixture('syntax-error.yaml');
    const problems = problemsOf(() => loadConfig({ path, env: {} }));
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]!.path).toMatch(new RegExp(`^${path.replaceAll('.', '\\.')}:\\d+:\\d+$`));
    expect(problems[0]!.message).toMatch(/^YAML syntax error: /);
  });

  it('config - a duplicate key is a syntax error at the second occurrence', () => {
    const path = writeConfig('app:\n  id: a\n  id: b\n');
    expect(problemsOf(() => loadConfig({ path, env: {} }))).toEqual([{ path: `${path}:3:3`, message: 'YAML syntax error: Map keys must be unique' }]);
  });

  it('config - YAML anchors and merge keys work, with x- keys as a place for shared settings', () => {
    const text = `app: { url: "http://127.0.0.1:8080" }
queues: { a: {}, b: {} }
x-push: &push { concurrency: 4, timeout: 5s }
subscriptions:
  - { <<: *push, name: a, from: { queue: a }, deliver: /a }
  - { <<: *push, name: b, from: { queue: b }, deliver: /b, concurrency: 8 }
`;
    const config = loadConfig({ path: writeConfig(text), env: {} });
    expect(config.subscriptions.map((s) => [s.concurrency, s.timeoutMs])).toEqual([
      [4, 5_000],
      [8, 5_000],
    ]);
  });

  it('config - a document that is not a mapping is refused', () => {
    expect(problemsOf(() => loadConfig({ path: writeConfig('- a\n- b\n'), env: {} }))[0]!.message).toMatch(/must be a mapping of sections/);
  });
});

describe('loadConfig - environment overrides', () => {
  const file = () => writeConfig('app: { id: orders, url: "http://127.0.0.1:8080" }\nserver: { httpAddr: "127.0.0.1:9000" }\ndataDir: /srv/data\n');

  it('config - OUTRIGGER_* variables win over the file', () => {
    const config = loadConfig({
      path: file(),
      env: {
        OUTRIGGER_HTTP_ADDR: '0.0.0.0:8700',
        OUTRIGGER_GRPC_ADDR: '[::1]:8701',
        OUTRIGGER_ADMIN_ADDR: ':8702',
        OUTRIGGER_API_TOKEN: 's3cret',
        OUTRIGGER_DATA_DIR: '/tmp/outrigger',
        OUTRIGGER_LOG_LEVEL: 'debug',
        OUTRIGGER_APP_ID: 'shipping',
        OUTRIGGER_APP_URL: 'http://127.0.0.1:3000/',
      },
    });
    expect(config.server).toMatchObject({ httpAddr: '0.0.0.0:8700', grpcAddr: '[::1]:8701', adminAddr: ':8702', apiToken: 's3cret' });
    expect(config.dataDir).toBe('/tmp/outrigger');
    expect(config.logging.level).toBe('debug');
    expect(config.app).toEqual({ id: 'shipping', url: 'http://127.0.0.1:3000' });
  });

  it('config - empty variables leave the file alone', () => {
    expect(loadConfig({ path: file(), env: { OUTRIGGER_HTTP_ADDR: '', OUTRIGGER_API_TOKEN: '' } }).server).toMatchObject({
      httpAddr: '127.0.0.1:9000',
      apiToken: null,
    });
  });

  it('config - they apply in zero-config mode too', () => {
    expect(loadConfig({ env: { OUTRIGGER_HTTP_ADDR: '0.0.0.0:7700', OUTRIGGER_API_TOKEN: 't' } }).server.httpAddr).toBe('0.0.0.0:7700');
  });

  it('config - a bad value names the variable that set it', () => {
    const problems = problemsOf(() => loadConfig({ env: { OUTRIGGER_LOG_LEVEL: 'verbose', OUTRIGGER_HTTP_ADDR: 'localhost', OUTRIGGER_APP_URL: 'ftp://x' } }));
    expect(problems).toEqual([
      { path: 'server.httpAddr', message: 'must be host:port, [ipv6]:port or :port, e.g. 127.0.0.1:7700 (set by OUTRIGGER_HTTP_ADDR)' },
      { path: 'logging.level', message: 'must be one of: trace, debug, info, warn, error, fatal, silent (set by OUTRIGGER_LOG_LEVEL)' },
      { path: 'app.url', message: 'must be an http:// or https:// URL, e.g. http://127.0.0.1:8080 (set by OUTRIGGER_APP_URL)' },
    ]);
  });
});

describe('validateConfigFile', () => {
  it('config - answers ok with the config for a good file', () => {
    const result = validateConfigFile(fixture('example.yaml'), env);
    expect(result.ok && result.config.app.id).toBe('orders');
  });

  it('config - answers the problems for a bad file instead of throwing', () => {
    const result = validateConfigFile(fixture('five-mistakes.yaml'), {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toHaveLength(5);
  });

  it('config - the error message lists every problem, one per line', () => {
    const error = (() => {
      try {
        loadConfig({ path: fixture('five-mistakes.yaml'), env: {} });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines[0]).toBe(`Invalid configuration ${fixture('five-mistakes.yaml')} (5 problems):`);
    expect(lines.slice(1)).toHaveLength(5);
    expect(dirname((error as ConfigError).source!)).toMatch(/fixtures/);
  });
});
