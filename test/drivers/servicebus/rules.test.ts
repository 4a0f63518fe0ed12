/**
 * Subscription filters as Service Bus rules: the test broker's rule operations driven by the real
 * SDK's ServiceBusRuleManager, fan-out through rules, and the driver managing (manageEntities) or
 * checking the rules of its subscriptions.
 */
import { ServiceBusClient } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage, TopicFilter } from '../../../src/drivers/contract.js';
import { createServiceBusDriver, type ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { wantedRules } from '../../../src/drivers/azure-servicebus/rules.js';
import { compileSql } from '../../infra/servicebus-broker/rules-sql.js';
import { expectCode } from '../../conformance/support.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker();
let client: ServiceBusClient;
let counter = 0;

// Registered after the fixture's hooks: the client is made once the broker runs, and (after
// hooks run in reverse) closed before the broker stops.
beforeAll(() => {
  client = new ServiceBusClient(sb.broker.connectionString);
});
afterAll(async () => {
  await client?.close();
});

function topicWith(...subscriptions: string[]): string {
  const topic = `rules-${process.pid}-${++counter}`;
  for (const sub of subscriptions) sb.broker.createSubscription(topic, sub);
  return topic;
}

function event(n: number, type?: string, subject?: string): OutboundMessage {
  const headers: Record<string, string> = { 'ce-source': 'test' };
  if (type !== undefined) headers['ce-type'] = type;
  if (subject !== undefined) headers['ce-subject'] = subject;
  return { id: `e-${n}`, headers, data: new TextEncoder().encode(String(n)) };
}

async function drain(driver: ServiceBusDriver, inbox: InboxRef): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const batch: Delivery[] = await driver.inboxes.receive(inbox, { max: 50, waitMs: 300 });
    if (batch.length === 0) return ids.sort();
    for (const delivery of batch) {
      ids.push(delivery.id);
      await driver.inboxes.ack(inbox, delivery.lease);
    }
  }
}

async function ruleNames(topic: string, sub: string): Promise<string[]> {
  const names: string[] = [];
  for await (const rule of client.createRuleManager(topic, sub).listRules()) names.push(rule.name);
  return names;
}

const settings = (filter?: TopicFilter) => ({ maxDeliveries: 3, leaseMs: 5000, dedupWindowMs: 0, ...(filter === undefined ? {} : { filter }) });

describe('servicebus rules - test broker', () => {
  it('rules - the SDK rule manager adds, lists and removes rules, and fan-out honours them', async () => {
    const topic = topicWith('sql', 'corr', 'none');
    const sql = client.createRuleManager(topic, 'sql');
    await sql.createRule('eu', { sqlExpression: "[ce-subject] LIKE 'orders/eu/%' AND (sys.Label IS NULL OR NOT sys.Label = 'skip')" });
    await sql.deleteRule('$Default');
    const corr = client.createRuleManager(topic, 'corr');
    await corr.createRule('paid', { applicationProperties: { 'ce-type': 'OrderPaid' }, contentType: 'text/plain' });
    await corr.deleteRule('$Default');
    await client.createRuleManager(topic, 'none').deleteRule('$Default');
    const listed: { name: string; filter: unknown }[] = [];
    for await (const rule of corr.listRules()) listed.push({ name: rule.name, filter: rule.filter });
    expect(listed).toEqual([{ name: 'paid', filter: expect.objectContaining({ applicationProperties: { 'ce-type': 'OrderPaid' }, contentType: 'text/plain' }) }]);
    await expect(corr.createRule('paid', { sqlExpression: '1=1' })).rejects.toThrow(/already exists/);
    await expect(sql.createRule('bad', { sqlExpression: "[ce-type] BETWEEN 'a' AND 'b'" })).rejects.toThrow();

    const sender = client.createSender(topic);
    await sender.sendMessages([
      { body: '1', applicationProperties: { n: 1, 'ce-subject': 'orders/eu/1', 'ce-type': 'OrderPaid' }, contentType: 'text/plain' },
      { body: '2', applicationProperties: { n: 2, 'ce-subject': 'orders/eu/2' }, subject: 'skip' },
      { body: '3', applicationProperties: { n: 3, 'ce-type': 'OrderPaid' }, contentType: 'application/json' },
      { body: '4', applicationProperties: { n: 4 } },
    ]);
    await sender.close();
    const bodies = (sub: string) => sb.broker.topics.get(topic)?.subscriptions.get(sub)?.messages.map((m) => String((m.message.application_properties as { n?: number } | undefined)?.n));
    expect(bodies('sql')).toEqual(['1']);
    expect(bodies('corr')).toEqual(['1']);
    expect(bodies('none')).toEqual([]);
  });

  it('rules - the SQL subset is three-valued: a missing property never matches, not even negated', () => {
    const message = { body: null, application_properties: { a: 'x', n: 5 } };
    const evaluate = (sql: string) => compileSql(sql)(message);
    expect(evaluate("a = 'x' AND n = 5")).toBe(true);
    expect(evaluate("missing = 'x'")).toBeUndefined();
    expect(evaluate("NOT missing = 'x'")).toBeUndefined();
    expect(evaluate("missing = 'x' OR a IN ('y', 'x')")).toBe(true);
    expect(evaluate('missing IS NULL AND a IS NOT NULL')).toBe(true);
    expect(evaluate("a LIKE '!%x' ESCAPE '!'")).toBe(false);
    expect(evaluate('1=0')).toBe(false);
  });
});

describe('servicebus rules - driver', () => {
  it('manageEntities - the filter replaces $Default, and a changed filter replaces the rule', async () => {
    const driver = await sb.open({ manageEntities: true });
    const topic = topicWith('s');
    const inbox: InboxRef = { kind: 'subscription', topic, subscription: 's' };
    await driver.topics.ensureSubscription(topic, 's', settings({ types: ['OrderPaid'] }));
    expect(await ruleNames(topic, 's')).toEqual([wantedRules({ types: ['OrderPaid'] })[0]?.name]);
    await driver.topics.publish(topic, [event(1, 'OrderPaid'), event(2, 'OrderCreated'), event(3)]);
    expect(await drain(driver, inbox)).toEqual(['e-1']);

    await driver.topics.ensureSubscription(topic, 's', settings({ types: ['OrderCreated', "it's"], subjectPrefix: '50%_off/' }));
    expect(await ruleNames(topic, 's')).toHaveLength(1);
    await driver.topics.publish(topic, [event(4, 'OrderCreated', '50%_off/a'), event(5, "it's", '50%_off/b'), event(6, 'OrderCreated', '50x_off/c'), event(7, 'OrderPaid', '50%_off/d')]);
    expect(await drain(driver, inbox)).toEqual(['e-4', 'e-5']);

    // No filter again: back to $Default, everything arrives.
    await driver.topics.ensureSubscription(topic, 's', settings());
    expect(await ruleNames(topic, 's')).toEqual(['$Default']);
    await driver.topics.publish(topic, [event(8, 'Anything'), event(9)]);
    expect(await drain(driver, inbox)).toEqual(['e-8', 'e-9']);
  });

  it('manageEntities - an unchanged filter leaves the rules alone', async () => {
    const driver = await sb.open({ manageEntities: true });
    const topic = topicWith('s');
    await driver.topics.ensureSubscription(topic, 's', settings({ subjectPrefix: 'a/' }));
    const rules = sb.broker.topics.get(topic)?.subscriptions.get('s')?.rules.rules;
    const before = [...(rules?.values() ?? [])];
    await driver.topics.ensureSubscription(topic, 's', settings({ subjectPrefix: 'a/' }));
    expect([...(rules?.values() ?? [])]).toEqual(before);
    expect(before.map((rule) => rule.filter.kind)).toEqual(['sql']);
  });

  it('checked rules - without manageEntities a mismatch fails ensureSubscription, naming the subscription and both rule sets', async () => {
    const driver = await sb.open();
    const topic = topicWith('s', 'plain');
    const error = await expectCode(driver.topics.ensureSubscription(topic, 's', settings({ types: ['OrderPaid'] })), 'bad_request');
    expect(error.message).toMatch(/subscription 's' of topic 'rules-.*'.*found \$Default: SQL 1=1.*wanted outrigger-.*OrderPaid.*manageEntities: true/);
    expect(await ruleNames(topic, 's')).toEqual(['$Default']);
    // A subscription with no filter and the $Default rule is fine.
    await driver.topics.ensureSubscription(topic, 'plain', settings());
    // Rules made by someone else (infrastructure as code) are accepted when they match the filter.
    const manager = client.createRuleManager(topic, 's');
    await manager.createRule('by-terraform', { applicationProperties: { 'ce-type': 'OrderPaid' } });
    await manager.deleteRule('$Default');
    await driver.topics.ensureSubscription(topic, 's', settings({ types: ['OrderPaid'] }));
    // ... and a subscription whose rules filter while config has no filter is reported too.
    await expectCode(driver.topics.ensureSubscription(topic, 's', settings()), 'bad_request');
  });

  it('settings - manageEntities must be a boolean, and a bad filter is bad_request', async () => {
    const error = await createServiceBusDriver({ name: 'bus', settings: { connectionString: sb.broker.connectionString, manageEntities: 'yes' }, dataDir: '.' }).catch((err: unknown) => err);
    expect((error as { extensions: { problems: string[] } }).extensions.problems).toEqual([expect.stringContaining('manageEntities must be true or false')]);
    const driver = await sb.open({ manageEntities: true });
    const topic = topicWith('s');
    await expectCode(driver.topics.ensureSubscription(topic, 's', settings({ types: [3 as unknown as string] })), 'bad_request');
  });
});
