import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { problemsOf, writeConfig } from './support.js';

const load = (text: string) => loadConfig({ path: writeConfig(text), env: {} });
const problemsIn = (text: string) => problemsOf(() => load(text));

describe('config - resilience policies', () => {
  it('config - every policy starts from the built-in defaults; targets and subscriptions without one use default', () => {
    const config = load(`
app: { url: "http://127.0.0.1:8080" }
queues: { jobs: {}, prices: {} }
policies:
  fast:
    timeout: 2s
    retry: { maxAttempts: 5, budget: { ratio: 0.1 } }
    circuitBreaker: { failureRatio: 0.25, halfOpenAfter: 10s }
    bulkhead: { maxConcurrent: 8 }
targets:
  catalog: { url: "http://catalog:8080/", policy: fast }
  search: { url: "http://search:8080", timeout: 750ms }
  pricing: { via: queue, queue: prices }
subscriptions:
  - { name: jobs, from: { queue: jobs }, deliver: /jobs, policy: fast }
  - { name: serve, from: { queue: prices }, deliver: /, serve: true }
`);
    expect(config.policies.fast).toEqual({
      timeoutMs: 2_000,
      retry: { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 2_000, budget: { ratio: 0.1, minPerSecond: 10, windowMs: 10_000 } },
      circuitBreaker: { mode: 'ratio', failureRatio: 0.25, minimumCalls: 20, windowMs: 10_000, halfOpenAfterMs: 10_000 },
      bulkhead: { maxConcurrent: 8, maxQueue: 100 },
    });
    expect(config.policies.default!.circuitBreaker).toEqual({ mode: 'consecutive', consecutiveFailures: 5, halfOpenAfterMs: 5_000 });
    expect(config.targets).toEqual({
      catalog: { via: 'http', url: 'http://catalog:8080', timeoutMs: 2_000, policy: 'fast' },
      search: { via: 'http', url: 'http://search:8080', timeoutMs: 750, policy: 'default' },
      pricing: { via: 'queue', queue: 'prices', timeoutMs: 30_000, policy: 'default' },
    });
    expect(config.subscriptions.map((s) => [s.policy, s.serve])).toEqual([
      ['fast', false],
      ['default', true],
    ]);
  });

  it('config - a redefined default applies to everything that names no policy', () => {
    const config = load('policies: { default: { timeout: 5s } }\ntargets: { a: { url: "http://a:1" } }\n');
    expect(config.targets.a!.timeoutMs).toBe(5_000);
  });

  it('config - unknown policies and queues are named with a suggestion', () => {
    expect(
      problemsIn(`
app: { url: "http://127.0.0.1:8080" }
queues: { prices: {} }
policies: { fast: {} }
targets:
  catalog: { url: "http://catalog:8080", policy: fsat }
  pricing: { via: queue, queue: prcies }
subscriptions:
  - { name: s, from: { queue: prices }, deliver: /, policy: defualt }
`),
    ).toEqual([
      { path: 'targets.catalog.policy', message: "unknown policy 'fsat' (did you mean 'fast'? known: default, fast)" },
      { path: 'targets.pricing.queue', message: "unknown queue 'prcies' (did you mean 'prices'? known: prices)" },
      { path: 'subscriptions[0].policy', message: "unknown policy 'defualt' (did you mean 'default'? known: default, fast)" },
    ]);
  });

  it('config - a broker names its policy, checked like the others and kept out of the driver settings', () => {
    expect(problemsIn('brokers: { local: { driver: embedded, policy: fsat } }\npolicies: { fast: {} }\n')).toEqual([
      { path: 'brokers.local.policy', message: "unknown policy 'fsat' (did you mean 'fast'? known: default, fast)" },
    ]);
    const config = load('brokers: { local: { driver: embedded, policy: fast } }\npolicies: { fast: {} }\n');
    expect(config.brokers.local!.policy).toBe('fast');
    expect(config.brokers.local!.settings).not.toHaveProperty('policy');
    expect(load('brokers: { local: { driver: embedded } }\n').brokers.local!.policy).toBeUndefined();
  });

  it('config - contradictions in a policy and in serve are refused', () => {
    expect(
      problemsIn(`
app: { url: "http://127.0.0.1:8080" }
topics: { events: {} }
policies:
  both: { circuitBreaker: { consecutiveFailures: 3, failureRatio: 0.5 } }
  stray: { circuitBreaker: { minimumCalls: 5 }, retry: { initialBackoff: 5s, maxBackoff: 1s }, timeout: 0 }
subscriptions:
  - { name: s, from: { topic: events }, deliver: /, serve: true }
  - { name: t, from: { topic: events }, serve: true }
`),
    ).toEqual([
      { path: 'policies.both.circuitBreaker', message: 'give consecutiveFailures or failureRatio (with minimumCalls and window), not both' },
      { path: 'policies.stray.circuitBreaker.minimumCalls', message: 'applies only with failureRatio; add failureRatio or remove it' },
      { path: 'policies.stray.retry.initialBackoff', message: 'must not be longer than maxBackoff (5000 ms > 1000 ms)' },
      { path: 'policies.stray.timeout', message: 'must be longer than 0' },
      { path: 'subscriptions[0].serve', message: 'requests come from a queue: serve: true needs from: { queue: <name> }' },
      { path: 'subscriptions[1].deliver', message: 'is required with serve: true: queries are answered by the app at this path' },
      { path: 'subscriptions[1].serve', message: 'requests come from a queue: serve: true needs from: { queue: <name> }' },
    ]);
  });

  it('config - a target is either {url} or {via: queue, queue}', () => {
    expect(problemsIn('targets: { a: { via: queue } }\n')).toEqual([{ path: 'targets.a.queue', message: 'is required' }]);
    expect(problemsIn('targets: { a: { url: "http://a:1", budget: 1 } }\n')[0]!.path).toBe('targets.a.budget');
    expect(problemsIn('policies: { p: { retry: { maxAttempts: 0, budget: { ratio: 2 } } } }\n').map((p) => p.path)).toEqual([
      'policies.p.retry.maxAttempts',
      'policies.p.retry.budget.ratio',
    ]);
  });
});
