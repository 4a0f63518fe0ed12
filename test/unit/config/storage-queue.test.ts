/**
 * `outrigger validate` on an azure-storage-queue broker: the service's queue-name rules (through
 * the descriptor's checkEntityName hook), the driver's settings in the words it refuses them with
 * at start-up, and what the broker cannot do (ordering, topics) refused naming broker and capability.
 */
import { describe, expect, it } from 'vitest';
import { validateConfigFile } from '../../../src/config/load.js';
import { driverRegistry } from '../../../src/drivers/registry.js';
import { settingsProblems } from '../../infra/helpers/azure-identity.js';
import { tempDir } from '../../infra/helpers/temp-dir.js';
import { writeConfig } from './support.js';

const connection = 'DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=a2V5;EndpointSuffix=core.windows.net';
const broker = `brokers:\n  store: { driver: azure-storage-queue, connectionString: "${connection}" }\n`;

function validate(text: string): Array<{ path: string; message: string }> {
  const result = validateConfigFile(writeConfig(text), {});
  return result.ok ? [] : result.problems;
}

describe('validate - azure-storage-queue brokers', () => {
  it('validate - the issue\'s example configuration is accepted', () => {
    expect(validate(`${broker}queues:\n  thumbnails: { broker: store, maxDeliveries: 5, lease: 30s }\n`)).toEqual([]);
  });

  it('validate - queue names the service refuses are reported at their path, logical name or entity', () => {
    const problems = validate(`${broker}queues:\n  ab: { broker: store }\n  orders: { broker: store, entity: Orders }\n  a--b: { broker: store }\n  ${'x'.repeat(57)}: { broker: store }\n`);
    expect(problems).toEqual([
      { path: 'queues.ab', message: "the queue name 'ab' on broker 'store' (driver 'azure-storage-queue') must be 3 to 63 characters long (got 2)" },
      { path: 'queues.orders.entity', message: "entity 'Orders' on broker 'store' (driver 'azure-storage-queue') may hold only lower-case letters, digits and dashes" },
      { path: 'queues.a--b', message: "the queue name 'a--b' on broker 'store' (driver 'azure-storage-queue') must not hold two dashes in a row" },
      {
        path: `queues.${'x'.repeat(57)}`,
        message: `the queue name '${'x'.repeat(57)}' on broker 'store' (driver 'azure-storage-queue') must be at most 56 characters long, so that its poison queue '<name>-poison' fits the service's 63`,
      },
    ]);
  });

  it('validate - ordered delivery and topics on a storage queue broker are refused, naming the broker and the capability', () => {
    const problems = validate(
      `${broker}queues:\n  jobs: { broker: store }\ntopics:\n  news: { broker: store }\napp: { url: "http://127.0.0.1:8080" }\nsubscriptions:\n  - { name: work, from: { queue: jobs }, deliver: /jobs, ordered: true }\n`,
    );
    expect(problems.map((p) => p.path)).toEqual(['topics.news', 'subscriptions[0].ordered']);
    expect(problems.every((p) => p.message.includes("broker 'store' (driver 'azure-storage-queue')"))).toBe(true);
    expect(problems[0]?.message).toContain('does not support topics');
    expect(problems[1]?.message).toContain('does not support ordering keys');
  });

  const refused: Array<[string, Record<string, unknown>]> = [
    ['neither connectionString nor accountUrl', {}],
    ['both connectionString and accountUrl', { connectionString: connection, accountUrl: 'https://shop.queue.core.windows.net' }],
    ['a connection string that is not a storage one', { connectionString: 'Endpoint=sb://shop.servicebus.windows.net/' }],
    ['an http accountUrl', { accountUrl: 'http://shop.queue.core.windows.net' }],
    ['clientId with a connection string', { connectionString: connection, clientId: 'abc' }],
  ];
  for (const [what, settings] of refused) {
    it(`validate - ${what}: reported with the message the driver refuses it with`, async () => {
      const atCreate = await settingsProblems(driverRegistry['azure-storage-queue']!.create({ name: 'b', settings, dataDir: tempDir('settings') }));
      expect(atCreate.length).toBeGreaterThan(0);
      const result = validateConfigFile(writeConfig(`brokers:\n  b: ${JSON.stringify({ driver: 'azure-storage-queue', ...settings })}\n`), {});
      expect(result.ok ? [] : result.problems).toEqual(atCreate.map((message) => ({ path: 'brokers.b', message })));
    });
  }
});
