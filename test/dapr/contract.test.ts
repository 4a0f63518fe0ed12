/** The pure parts of the Dapr translation: routing rules and how the app's answer settles a message. */
import { describe, expect, it } from 'vitest';
import { daprVerdict } from '../../src/api/dapr/delivery.js';
import { compileMatch } from '../../src/api/dapr/match.js';
import { planSubscriptions } from '../../src/api/dapr/programmatic.js';

describe('dapr rules - the CEL subset', () => {
  const event = { type: 'order.created', source: 'shop', subject: 'o-1' };

  it('dapr rules - ==, !=, &&, ||, ! and parentheses over event attributes', () => {
    expect(compileMatch('event.type == "order.created"')(event)).toBe(true);
    expect(compileMatch("event.type != 'order.created'")(event)).toBe(false);
    expect(compileMatch('event.type == "x" || (event.source == "shop" && !(event.subject == "o-2"))')(event)).toBe(true);
    expect(compileMatch('event.missing == "x"')(event)).toBe(false);
  });

  it('dapr rules - anything else is refused, naming the expression', () => {
    for (const expression of ['event.data.priority > 3', 'event.type.startsWith("order")', 'event.type == ', 'size(event.type) == 3', '(event.type == "x"']) {
      expect(() => compileMatch(expression), expression).toThrow(new RegExp(`routing rule '${expression.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not supported`));
    }
  });
});

describe('dapr delivery - the app answer as Dapr reads it', () => {
  const status = (code: number, excerpt = '') => daprVerdict({ kind: 'status', status: code, excerpt });

  it('dapr delivery - SUCCESS, an empty body or a body that is not JSON ack', () => {
    expect(status(200, '{"status":"SUCCESS"}')).toEqual({ action: 'ack' });
    expect(status(204)).toEqual({ action: 'ack' });
    expect(status(200, 'ok')).toEqual({ action: 'ack' });
  });

  it('dapr delivery - RETRY, unknown statuses, 5xx and other non-2xx retry; DROP drops; 404 is discarded', () => {
    expect(status(200, '{"status":"RETRY"}').action).toBe('retry');
    expect(status(200, '{"status":"LATER"}').action).toBe('retry');
    expect(status(503).action).toBe('retry');
    expect(status(400).action).toBe('retry');
    expect(status(200, '{"status":"DROP"}').action).toBe('drop');
    expect(status(404).action).toBe('discard');
    expect(daprVerdict({ kind: 'timeout', afterMs: 10 }).action).toBe('retry');
  });
});

describe('dapr subscriptions - the list from GET /dapr/subscribe', () => {
  const dapr = { httpAddr: '127.0.0.1:3500', grpcAddr: '127.0.0.1:50001', appProtocol: 'http' as const, pubsubs: { pubsub: { broker: 'local' } }, apiToken: null, appToken: null, resourcesPath: null };
  const limits = { maxDeliveries: 10, timeoutMs: 1000 };

  it('dapr subscriptions - v1 route and v2 rules become plans named dapr.<pubsub>.<topic>', () => {
    const planned = planSubscriptions(
      [
        { pubsubname: 'pubsub', topic: 'a', route: 'on-a', deadLetterTopic: 'a-dead' },
        { pubsubname: 'pubsub', topic: 'b', routes: { rules: [{ match: 'event.type == "x"', path: '/x' }], default: '/b' } },
      ],
      dapr,
      limits,
    );
    expect(planned.map((p) => (p.ok ? [p.plan.name, p.plan.routes.fallback, p.plan.deadLetterTopic] : p.problem))).toEqual([
      ['dapr.pubsub.a', '/on-a', 'a-dead'],
      ['dapr.pubsub.b', '/b', undefined],
    ]);
  });

  it('dapr subscriptions - an unknown pubsub, an unsupported rule or an oversized bulk subscribe is refused by name, the others still run', () => {
    const planned = planSubscriptions(
      [
        { pubsubname: 'other', topic: 'a', route: '/a' },
        { pubsubname: 'pubsub', topic: 'b', routes: { rules: [{ match: 'event.data.n > 3', path: '/x' }] } },
        { pubsubname: 'pubsub', topic: 'c', route: '/c', bulkSubscribe: { enabled: true, maxMessagesCount: 5000 } },
        { pubsubname: 'pubsub', topic: 'd', route: '/d' },
      ],
      dapr,
      limits,
    );
    expect(planned.map((p) => (p.ok ? p.plan.name : p.problem))).toEqual([
      expect.stringContaining("pubsub 'other'"),
      expect.stringContaining("'event.data.n > 3' is not supported"),
      expect.stringContaining('maxMessagesCount is 5000'),
      'dapr.pubsub.d',
    ]);
  });

  it("dapr subscriptions - bulk subscribe takes Dapr's defaults (100 entries, 1 s) where the app gives none", () => {
    const [planned] = planSubscriptions([{ pubsubname: 'pubsub', topic: 'c', route: '/c', bulkSubscribe: { enabled: true, maxMessagesCount: 0 } }], dapr, limits);
    expect(planned?.ok && planned.plan.bulk).toEqual({ maxMessagesCount: 100, maxAwaitDurationMs: 1000 });
  });
});
