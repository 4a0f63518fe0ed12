import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { fixture, limitedRegistry, problemsOf, writeConfig } from './support.js';

const app = 'app: { id: orders, url: "http://127.0.0.1:8080" }\n';
const problemsIn = (text: string, env: NodeJS.ProcessEnv = {}) => problemsOf(() => loadConfig({ path: writeConfig(text), env }));
const limited = (text: string) => problemsOf(() => loadConfig({ path: writeConfig(text), env: {}, registry: limitedRegistry }));

describe('validation - every problem at once', () => {
  it('config - five distinct mistakes yield exactly five problems, in file order, each at its path', () => {
    expect(problemsOf(() => loadConfig({ path: fixture('five-mistakes.yaml'), env: {} }))).toEqual([
      { path: 'brokers.local.durabilty', message: "unknown key (did you mean 'durability'?)" },
      { path: 'queues.shipments.maxDeliveries', message: 'must be >= 1' },
      { path: 'queues.invoices.lease', message: 'must be a duration such as 250ms, 30s, 5m, 1h, 7d or 1m30s, or an integer of milliseconds' },
      { path: 'subscriptions[0].form', message: "unknown key (did you mean 'from'?)" },
      { path: 'subscriptions[1].from.queue', message: "unknown queue 'shipmnts' (did you mean 'shipments'? known: shipments, invoices)" },
    ]);
  });
});

describe('validation - the API beyond loopback', () => {
  const exposed = 'server: { httpAddr: "0.0.0.0:7700", grpcAddr: "[::]:7701" }\n';

  it('config - listening beyond loopback without a token is refused, naming both ways out', () => {
    const problems = problemsIn(exposed);
    expect(problems.map((p) => p.path)).toEqual(['server.httpAddr', 'server.grpcAddr']);
    expect(problems[0]!.message).toContain('server.apiToken (OUTRIGGER_API_TOKEN)');
    expect(problems[0]!.message).toContain('OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN=true');
    expect(problemsIn('', { OUTRIGGER_HTTP_ADDR: '10.0.0.5:7700' }).map((p) => p.path)).toEqual(['server.httpAddr']);
  });

  it('config - a token, loopback, or an explicit allowance lets it start', () => {
    const loads = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfig({ path: writeConfig(text), env });
    expect(loads(exposed, { OUTRIGGER_API_TOKEN: 'secret' }).server.apiToken).toBe('secret');
    expect(() => loads('server: { httpAddr: "127.0.0.2:7700", grpcAddr: "[::1]:7701" }\n')).not.toThrow();
    expect(() => loads('server: { httpAddr: "localhost:7700" }\n')).not.toThrow();
    expect(loads(exposed.replace(' }', ', allowRemoteWithoutToken: true }')).server.allowRemoteWithoutToken).toBe(true);
    expect(loads(exposed, { OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN: 'true' }).server.allowRemoteWithoutToken).toBe(true);
    expect(problemsIn(exposed, { OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN: 'yes' }).map((p) => p.path)).toContain('server.allowRemoteWithoutToken');
  });
});

describe('validation - the shape of the file', () => {
  it('config - an unknown key without a near miss lists the known keys', () => {
    expect(problemsIn('topics:\n  orders: { partitions: 3 }\n')).toEqual([{ path: 'topics.orders.partitions', message: 'unknown key (known: broker, entity)' }]);
  });

  it('config - an unknown top-level section is suggested by its nearest spelling', () => {
    expect(problemsIn('queue:\n  jobs: {}\n')).toEqual([{ path: 'queue', message: "unknown key (did you mean 'queues'?)" }]);
  });

  it('config - resource names must follow the naming rule', () => {
    expect(problemsIn('queues:\n  "bad name": {}\n  .hidden: {}\n')).toEqual([
      { path: 'queues["bad name"]', message: "invalid name 'bad name': names are 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit" },
      { path: 'queues[".hidden"]', message: "invalid name '.hidden': names are 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit" },
    ]);
  });

  it('config - wrong types, ranges, enums, sizes and required keys each read plainly', () => {
    const problems = problemsIn(
      [
        app,
        'server: { maxBodyBytes: 1 MB, maxInFlightRequests: many }',
        'logging: { level: verbose }',
        'development: maybe',
        'streams:',
        '  telemetry: { partitions: 2048 }',
        'targets:',
        '  catalog: { timeout: 2s }',
        'subscriptions:',
        '  - name: ship',
        '    from: { queue: jobs }',
        '    deliver: commands/ship',
        '    concurrency: 0',
        'queues:',
        '  jobs: {}',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { path: 'server.maxBodyBytes', message: 'must be a size such as 512B, 256KiB, 1MiB or 1MB, or an integer of bytes' },
      { path: 'server.maxInFlightRequests', message: 'must be a whole number' },
      { path: 'logging.level', message: 'must be one of: trace, debug, info, warn, error, fatal, silent' },
      { path: 'development', message: 'must be true or false' },
      { path: 'streams.telemetry.partitions', message: 'must be <= 1024' },
      { path: 'targets.catalog.url', message: 'is required' },
      { path: 'subscriptions[0].deliver', message: "must be a path starting with '/', e.g. /events/order-created" },
      { path: 'subscriptions[0].concurrency', message: 'must be >= 1' },
    ]);
  });

  it('config - durations and sizes too large to count exactly are refused, not crashed on', () => {
    expect(problemsIn('queues: { jobs: { lease: 99999999999999999999d } }\nserver: { maxBodyBytes: 1e300 }\n')).toEqual([
      { path: 'queues.jobs.lease', message: "invalid duration '99999999999999999999d': too large" },
      { path: 'server.maxBodyBytes', message: 'must be <= 9007199254740991' },
    ]);
  });

  it('config - an enum value close to an allowed one is suggested', () => {
    expect(problemsIn('logging: { level: warning }\n')).toEqual([
      { path: 'logging.level', message: "must be one of: trace, debug, info, warn, error, fatal, silent (did you mean 'warn'?)" },
    ]);
  });

  it('config - `from` with keys of two sources, or of none, says which shapes are accepted', () => {
    const problems = problemsIn(`${app}queues: { jobs: {} }\ntopics: { orders: {} }\nsubscriptions:\n  - { name: a, from: { queue: jobs, topic: orders }, deliver: /a }\n  - { name: b, from: {}, deliver: /b }\n`);
    expect(problems).toEqual([
      { path: 'subscriptions[0].from', message: 'must be exactly one of: {queue}, {topic, filter}, {stream, group, start}, {webhook, filter}' },
      { path: 'subscriptions[1].from', message: 'must be exactly one of: {queue}, {topic, filter}, {stream, group, start}, {webhook, filter}' },
    ]);
  });

  it('config - a mistake inside the evident kind of source is reported there alone', () => {
    const problems = problemsIn(
      `${app}topics: { orders: {} }\nstreams: { telemetry: {} }\nsubscriptions:\n  - { name: a, from: { topic: orders, filter: { tpye: X } }, deliver: /a }\n  - { name: b, from: { stream: telemetry, start: oldest }, deliver: /b }\n`,
    );
    expect(problems).toEqual([
      { path: 'subscriptions[0].from.filter.tpye', message: "unknown key (did you mean 'type'?)" },
      { path: 'subscriptions[1].from.start', message: 'must be earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z' },
    ]);
  });

  it('config - numbers and booleans written as strings (as ${VAR} produces) are accepted', () => {
    const config = loadConfig({
      path: writeConfig(`${app}queues: { jobs: { maxDeliveries: "\${MAX}" } }\ndevelopment: "\${DEV}"\n`),
      env: { MAX: '3', DEV: 'true' },
    });
    expect(config.queues['jobs']!.maxDeliveries).toBe(3);
    expect(config.development).toBe(true);
  });
});

describe('validation - references and combinations', () => {
  it('config - unknown brokers, topics and streams are named with what is known', () => {
    const problems = problemsIn(
      `${app}brokers: { local: { driver: embedded }, bus: { driver: embedded } }\nqueues: { jobs: { broker: bsu } }\nsubscriptions:\n  - { name: a, from: { topic: orders }, deliver: /a }\n  - { name: b, from: { stream: telemetry }, deliver: /b }\n`,
    );
    expect(problems).toEqual([
      { path: 'queues.jobs.broker', message: "unknown broker 'bsu' (did you mean 'bus'? known: local, bus)" },
      { path: 'subscriptions[0].from.topic', message: "unknown topic 'orders' (none are configured)" },
      { path: 'subscriptions[1].from.stream', message: "unknown stream 'telemetry' (none are configured)" },
    ]);
  });

  it('config - duplicate subscription names are refused, pointing at the first', () => {
    const problems = problemsIn(`${app}queues: { jobs: {} }\nsubscriptions:\n  - { name: a, from: { queue: jobs }, deliver: /a }\n  - { name: a, from: { queue: jobs }, deliver: /b }\n`);
    expect(problems).toEqual([{ path: 'subscriptions[1].name', message: "duplicate subscription name 'a' (also subscriptions[0])" }]);
  });

  it('config - subscriptions need app.url', () => {
    const problems = problemsIn('queues: { jobs: {} }\nsubscriptions:\n  - { name: a, from: { queue: jobs }, deliver: /a }\n');
    expect(problems).toEqual([{ path: 'app.url', message: 'is required because subscriptions push messages to the app (set app.url or OUTRIGGER_APP_URL)' }]);
  });

  it('config - two subscriptions in one consumer group of a stream are refused', () => {
    const problems = problemsIn(
      `${app}streams: { telemetry: {} }\nsubscriptions:\n  - { name: a, from: { stream: telemetry }, deliver: /a }\n  - { name: b, from: { stream: telemetry, group: orders }, deliver: /b }\n`,
    );
    expect(problems).toEqual([
      { path: 'subscriptions[1].from.group', message: "subscriptions 'a' and 'b' both read stream 'telemetry' as group 'orders' and would split its partitions; give one its own group" },
    ]);
  });

  it('config - a topic subscription may not share its name with a queue', () => {
    const problems = problemsIn(`${app}queues: { jobs: {} }\ntopics: { orders: {} }\nsubscriptions:\n  - { name: jobs, from: { topic: orders }, deliver: /a }\n`);
    expect(problems).toEqual([{ path: 'subscriptions[0].name', message: "'jobs' is also a queue name, so /v1/deadletter/jobs would be ambiguous; rename the subscription" }]);
  });

  it('config - zero durations where time must pass, and backoff that shrinks, are refused', () => {
    const problems = problemsIn(
      `${app}queues: { jobs: { lease: 0s } }\nsubscriptions:\n  - { name: a, from: { queue: jobs }, deliver: /a, timeout: 0, retry: { initialBackoff: 1m, maxBackoff: 10s } }\n`,
    );
    expect(problems).toEqual([
      { path: 'queues.jobs.lease', message: 'must be longer than 0' },
      { path: 'subscriptions[0].timeout', message: 'must be longer than 0' },
      { path: 'subscriptions[0].retry.initialBackoff', message: 'must not be longer than maxBackoff (60000 ms > 10000 ms)' },
    ]);
  });

  it('config - listeners on one port, and ports out of range, are refused', () => {
    expect(problemsIn('server: { httpAddr: "127.0.0.1:7701", adminAddr: ":70000" }\n')).toEqual([
      { path: 'server.httpAddr', message: 'port 7701 is also used by server.grpcAddr (127.0.0.1:7701)' },
      { path: 'server.adminAddr', message: "invalid address ':70000': port 70000 is out of range 0..65535" },
    ]);
  });

  it('config - several brokers with no obvious default need defaultBroker', () => {
    const text = 'brokers: { a: { driver: plain-queue }, b: { driver: plain-queue } }\n';
    expect(limited(text)).toEqual([
      { path: 'defaultBroker', message: "is required: there are several brokers (a, b), none named 'local' and none embedded, so set defaultBroker to one of them" },
    ]);
    expect(loadConfig({ path: writeConfig(`${text}defaultBroker: b\n`), env: {}, registry: limitedRegistry }).defaultBroker).toBe('b');
    expect(limited(`${text}defaultBroker: c\n`)).toEqual([{ path: 'defaultBroker', message: "unknown broker 'c' (known: a, b)" }]);
  });

  it('config - without a local broker, the first embedded one is the default', () => {
    const config = loadConfig({ path: writeConfig('brokers: { q: { driver: plain-queue }, e1: { driver: embedded }, e2: { driver: embedded } }\n'), env: {}, registry: limitedRegistry });
    expect(config.defaultBroker).toBe('e1');
  });
});

describe('validation - what brokers can do', () => {
  const brokers = 'brokers:\n  local: { driver: embedded }\n  q: { driver: plain-queue }\n  t: { driver: plain-topic }\n  s: { driver: plain-log }\n';

  it('config - a resource on a broker without that kind of entity names the resource, broker and driver', () => {
    expect(limited(`${brokers}queues: { jobs: { broker: t } }\ntopics: { orders: { broker: s } }\nstreams: { telemetry: { broker: q } }\n`)).toEqual([
      { path: 'queues.jobs', message: "queue 'jobs' is on broker 't' (driver 'plain-topic'), which does not support queues (brokers that do: local, q)" },
      { path: 'topics.orders', message: "topic 'orders' is on broker 's' (driver 'plain-log'), which does not support topics (brokers that do: local, t)" },
      { path: 'streams.telemetry', message: "stream 'telemetry' is on broker 'q' (driver 'plain-queue'), which does not support streams (brokers that do: local, s)" },
    ]);
  });

  it('config - ttl and an explicit dedupWindow need the matching capability; defaults do not', () => {
    expect(limited(`${brokers}queues: { a: { broker: q, ttl: 1h, dedupWindow: 5m }, b: { broker: q } }\n`)).toEqual([
      { path: 'queues.a.ttl', message: "queue 'a' is on broker 'q' (driver 'plain-queue'), which does not support message time-to-live (brokers that do: local)" },
      { path: 'queues.a.dedupWindow', message: "queue 'a' is on broker 'q' (driver 'plain-queue'), which does not support duplicate detection (brokers that do: local)" },
    ]);
  });

  it('config - filters, ordering and consumer groups are checked against the source broker', () => {
    const text = `${app}${brokers}queues: { jobs: { broker: q } }\ntopics: { orders: { broker: t } }\nstreams: { telemetry: { broker: s } }\nsubscriptions:
  - { name: a, from: { queue: jobs }, deliver: /a, ordered: true }
  - { name: b, from: { topic: orders, filter: { type: [A, B] } }, deliver: /b }
  - { name: c, from: { stream: telemetry }, deliver: /c }
`;
    expect(limited(text)).toEqual([
      { path: 'subscriptions[0].ordered', message: "queue 'jobs' is on broker 'q' (driver 'plain-queue'), which does not support ordering keys (ordered delivery) (brokers that do: local)" },
      { path: 'subscriptions[1].from.filter', message: "topic 'orders' is on broker 't' (driver 'plain-topic'), which does not support subscription filters (brokers that do: local)" },
      { path: 'subscriptions[2].from', message: "stream 'telemetry' is on broker 's' (driver 'plain-log'), which does not support consumer groups (brokers that do: local)" },
    ]);
  });

  it('config - a stream subscription starting at a time needs a broker that seeks by time', () => {
    const text = `${app}${brokers}  g: { driver: grouped-log }\nstreams: { telemetry: { broker: g }, audit: {} }\nsubscriptions:
  - { name: a, from: { stream: telemetry, start: "2026-11-01T00:00:00Z" }, deliver: /a }
  - { name: b, from: { stream: telemetry, group: other, start: latest }, deliver: /b }
  - { name: c, from: { stream: audit, start: "2026-11-01T01:00:00+01:00" }, deliver: /c }
`;
    expect(limited(text)).toEqual([
      {
        path: 'subscriptions[0].from.start',
        message: "stream 'telemetry' is on broker 'g' (driver 'grouped-log'), which does not support starting a consumer group at a time (brokers that do: local)",
      },
    ]);
  });

  it('config - a start that is neither earliest, latest nor an RFC 3339 time is refused with the accepted forms', () => {
    const text = `${app}streams: { telemetry: {} }\nsubscriptions:
  - { name: a, from: { stream: telemetry, start: erliest }, deliver: /a }
  - { name: b, from: { stream: telemetry, group: b, start: "2026-11-01" }, deliver: /b }
  - { name: c, from: { stream: telemetry, group: c, start: "2026-02-30T00:00:00Z" }, deliver: /c }
`;
    expect(problemsIn(text)).toEqual([
      { path: 'subscriptions[0].from.start', message: 'must be earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z' },
      { path: 'subscriptions[1].from.start', message: 'must be earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z' },
      {
        path: 'subscriptions[2].from.start',
        message: "invalid time '2026-02-30T00:00:00Z': a field is out of range; use earliest, latest or an RFC 3339 time with an offset, e.g. 2026-11-01T00:00:00Z",
      },
    ]);
  });

  it('config - stream subscriptions need a default broker with queues, for their dead letters', () => {
    const text = `${app}brokers: { s: { driver: plain-log }, local: { driver: embedded } }\ndefaultBroker: s\nstreams: { telemetry: {} }\nsubscriptions:\n  - { name: c, from: { stream: telemetry }, deliver: /c }\n`;
    expect(limited(text)).toEqual([
      { path: 'subscriptions[0].from', message: "stream 'telemetry' is on broker 's' (driver 'plain-log'), which does not support consumer groups (brokers that do: local)" },
      {
        path: 'subscriptions[0].from',
        message: "undeliverable stream events go to a dead-letter queue on the default broker 's' (driver 'plain-log'), which does not support queues; set defaultBroker to one that does",
      },
    ]);
  });

  it('config - a misspelt driver key is pointed out next to the missing driver', () => {
    expect(problemsIn('brokers: { local: { drivr: embedded } }\n')).toEqual([
      { path: 'brokers.local.driver', message: 'is required' },
      { path: 'brokers.local.drivr', message: "unknown key (did you mean 'driver'?)" },
    ]);
  });

  it('config - broker settings are checked by the driver schema', () => {
    expect(limited('brokers: { local: { driver: embedded, url: 5, uri: x } }\n')).toEqual([{ path: 'brokers.local.uri', message: "unknown key (did you mean 'url'?)" }]);
    expect(problemsIn('brokers: { local: { driver: embedded, durability: sometimes } }\n')).toEqual([
      { path: 'brokers.local.durability', message: 'must be one of: fsync, os' },
    ]);
  });
});
