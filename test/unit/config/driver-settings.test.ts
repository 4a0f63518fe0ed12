/**
 * `outrigger validate` runs each driver's own settings checks, not just its schema: whatever a
 * driver would refuse at start-up is reported by validate, with the driver's own message.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { validateConfigFile } from '../../../src/config/load.js';
import { driverRegistry } from '../../../src/drivers/registry.js';
import { settingsProblems } from '../../infra/helpers/azure-identity.js';
import { tempDir } from '../../infra/helpers/temp-dir.js';
import { writeConfig } from './support.js';

const sbConnection = 'Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v';

function configWith(driver: string, settings: Record<string, unknown>): string {
  return writeConfig(`brokers:\n  b: ${JSON.stringify({ driver, ...settings })}\n`);
}

function validate(driver: string, settings: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Array<{ path: string; message: string }> {
  const result = validateConfigFile(configWith(driver, settings), env);
  return result.ok ? [] : result.problems;
}

/** What the driver refuses when it is built, which is where start-up used to fail. */
function refusedAtCreate(driver: string, settings: Record<string, unknown>): Promise<string[]> {
  return settingsProblems(driverRegistry[driver]!.create({ name: 'b', settings, dataDir: tempDir('settings') }));
}

describe('validate - driver settings the schema cannot judge', () => {
  it('validate - a Service Bus broker with neither connectionString nor namespace is reported', () => {
    expect(validate('azure-servicebus', {})).toEqual([
      { path: 'brokers.b', message: 'one of connectionString (e.g. "${SERVICEBUS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required' },
    ]);
  });

  it('validate - an Event Hubs broker with no settings is reported', () => {
    expect(validate('azure-eventhubs', {})).toEqual([
      { path: 'brokers.b', message: 'one of connectionString (e.g. "${EVENTHUBS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required' },
    ]);
  });

  // Each of these passes the settings schema and used to fail only when the daemon built the driver.
  const refused: Array<[string, string, Record<string, unknown>]> = [
    ['Service Bus: a connection string of blanks', 'azure-servicebus', { connectionString: '   ' }],
    ['Service Bus: a connection string without Endpoint', 'azure-servicebus', { connectionString: 'HostName=shop' }],
    ['Service Bus: a namespace that is not fully qualified', 'azure-servicebus', { namespace: 'shop' }],
    ['Service Bus: both connectionString and namespace', 'azure-servicebus', { connectionString: sbConnection, namespace: 'shop.servicebus.windows.net' }],
    ['Service Bus: clientId with a connection string', 'azure-servicebus', { connectionString: sbConnection, clientId: 'abc' }],
    ['Event Hubs: a hub-level connection string', 'azure-eventhubs', { connectionString: `${sbConnection};EntityPath=orders` }],
    ['Event Hubs: a checkpointStorage that is no storage connection string', 'azure-eventhubs', { connectionString: sbConnection, checkpointStorage: 'nope' }],
    ['Event Hubs: an http checkpointAccountUrl', 'azure-eventhubs', { connectionString: sbConnection, checkpointAccountUrl: 'http://shop.blob.core.windows.net' }],
    [
      'Event Hubs: both checkpointStorage and checkpointAccountUrl',
      'azure-eventhubs',
      { namespace: 'shop.servicebus.windows.net', checkpointStorage: 'UseDevelopmentStorage=true', checkpointAccountUrl: 'https://shop.blob.core.windows.net' },
    ],
    ['Event Hubs: clientId with connection strings alone', 'azure-eventhubs', { connectionString: sbConnection, clientId: 'abc' }],
    ['Event Hubs: a checkpointContainer that is no container name', 'azure-eventhubs', { connectionString: sbConnection, checkpointContainer: 'Bad_Name' }],
    ['Event Hubs: ownershipExpiryMs under twice loadBalancingIntervalMs', 'azure-eventhubs', { connectionString: sbConnection, ownershipExpiryMs: 1000, loadBalancingIntervalMs: 1000 }],
    ['embedded: groupLeaseMs under twice groupHeartbeatMs', 'embedded', { groupLeaseMs: 100, groupHeartbeatMs: 100 }],
    ['NATS: a server that is no nats:// URL', 'nats', { servers: ['nats://a:4222', 'http://b:4222'] }],
    ['NATS: a user without a password', 'nats', { user: 'outrigger' }],
    ['NATS: a token and a credentials file together', 'nats', { token: 't', credentialsFile: '/etc/nats/app.creds' }],
    ['RabbitMQ: a url that is no amqp:// URL', 'rabbitmq', { url: 'http://rabbit:15672' }],
    ['redis: a url that is not redis:// or rediss://', 'redis', { url: 'http://127.0.0.1:6379' }],
    ['redis: a consumerGroup of blanks', 'redis', { consumerGroup: '   ' }],
    ['redis: groupLeaseMs under twice groupHeartbeatMs', 'redis', { groupLeaseMs: 1000, groupHeartbeatMs: 1000 }],
    ['Event Grid: neither endpoint nor namespaceEndpoint', 'azure-eventgrid', { key: 'k' }],
    ['Event Grid: both endpoint and namespaceEndpoint', 'azure-eventgrid', { endpoint: 'https://t.westeurope-1.eventgrid.azure.net/api/events', namespaceEndpoint: 'https://n.westeurope-1.eventgrid.azure.net' }],
    ['Event Grid: an http endpoint off loopback', 'azure-eventgrid', { endpoint: 'http://t.westeurope-1.eventgrid.azure.net/api/events', key: 'k' }],
    ['Event Grid: a namespace endpoint with a path', 'azure-eventgrid', { namespaceEndpoint: 'https://n.westeurope-1.eventgrid.azure.net/topics', key: 'k' }],
    ['Event Grid: schema on a namespace', 'azure-eventgrid', { namespaceEndpoint: 'https://n.westeurope-1.eventgrid.azure.net', schema: 'eventgrid' }],
    ['Event Grid: key and sasToken together', 'azure-eventgrid', { endpoint: 'https://t.westeurope-1.eventgrid.azure.net/api/events', key: 'k', sasToken: 'r=a&e=b&s=c' }],
    ['Event Grid: a sasToken that is no SAS token', 'azure-eventgrid', { endpoint: 'https://t.westeurope-1.eventgrid.azure.net/api/events', sasToken: 'nope' }],
    ['Kafka: a bootstrap server without a port', 'kafka', { bootstrapServers: ['kafka-0:9092', 'kafka-1'] }],
    ['Kafka: SASL_SSL without mechanism, username and password', 'kafka', { securityProtocol: 'SASL_SSL' }],
    ['Kafka: a username on PLAINTEXT', 'kafka', { username: '$ConnectionString', password: 'secret' }],
    ['Kafka: a tlsCaFile on PLAINTEXT', 'kafka', { tlsCaFile: '/etc/kafka/ca.pem' }],
    ['Kafka: heartbeatIntervalMs over a third of sessionTimeoutMs', 'kafka', { sessionTimeoutMs: 3000, heartbeatIntervalMs: 1500 }],
  ];

  for (const [what, driver, settings] of refused) {
    it(`validate - ${what}: reported with the message the driver refuses it with`, async () => {
      const atCreate = await refusedAtCreate(driver, settings);
      expect(atCreate.length).toBeGreaterThan(0);
      expect(validate(driver, settings)).toEqual(atCreate.map((message) => ({ path: 'brokers.b', message })));
    });
  }

  it('validate - a setting the schema refuses is reported once, by the schema, not again by the driver', () => {
    expect(validate('azure-servicebus', { connectionString: sbConnection, maxMessageBytes: 5 })).toEqual([{ path: 'brokers.b.maxMessageBytes', message: 'must be >= 1024' }]);
    expect(validate('embedded', { durability: 'never' })).toEqual([{ path: 'brokers.b.durability', message: 'must be one of: fsync, os' }]);
  });

  it('validate - an unset variable in a setting is reported once, not again as a malformed value', () => {
    expect(validate('azure-servicebus', { connectionString: '${SERVICEBUS_CONNECTION}' })).toEqual([
      { path: 'brokers.b.connectionString', message: 'environment variable SERVICEBUS_CONNECTION is not set (set it, or write ${SERVICEBUS_CONNECTION:-default})' },
    ]);
  });

  it('validate - good settings of every driver still pass', () => {
    expect(validate('azure-servicebus', { namespace: 'shop.servicebus.windows.net', clientId: 'abc' })).toEqual([]);
    expect(validate('azure-eventhubs', { connectionString: sbConnection, checkpointStorage: 'UseDevelopmentStorage=true' })).toEqual([]);
    expect(validate('embedded', { durability: 'os', groupLeaseMs: 2000, groupHeartbeatMs: 1000 })).toEqual([]);
    expect(validate('nats', { servers: ['nats://10.0.0.1:4222', 'tls://nats.internal:4222'], user: 'app', password: 'secret', maxMessageBytes: 8 * 1024 * 1024 })).toEqual([]);
    expect(validate('rabbitmq', { url: 'amqps://app:secret@rabbit.internal:5671/orders', queueType: 'classic', maxMessageBytes: 16 * 1024 * 1024 })).toEqual([]);
    expect(validate('redis', { url: 'rediss://user:pw@cache.internal:6380/2', keyPrefix: 'shop:', consumerGroup: 'orders' })).toEqual([]);
    expect(
      validate('kafka', { bootstrapServers: 'shop.servicebus.windows.net:9093', securityProtocol: 'SASL_SSL', saslMechanism: 'PLAIN', username: '$ConnectionString', password: 'Endpoint=sb://shop' }),
    ).toEqual([]);
    expect(validate('azure-eventgrid', { endpoint: 'https://orders.westeurope-1.eventgrid.azure.net/api/events', key: 'k', schema: 'eventgrid', domain: true })).toEqual([]);
    expect(validate('azure-eventgrid', { endpoint: 'http://127.0.0.1:8080/api/events', key: 'k' })).toEqual([]);
    expect(validate('azure-eventgrid', { namespaceEndpoint: 'https://shop.westeurope-1.eventgrid.azure.net', clientId: 'abc' })).toEqual([]);
  });

  it('validate - a subscription to a custom Event Grid topic is refused, naming the broker and what to use instead', () => {
    const file = writeConfig(
      [
        'app: { url: "http://127.0.0.1:8080" }',
        'brokers:',
        '  grid: { driver: azure-eventgrid, endpoint: "https://orders.westeurope-1.eventgrid.azure.net/api/events", key: k }',
        'topics:',
        '  orders: { broker: grid }',
        'subscriptions:',
        '  - { name: s, from: { topic: orders }, deliver: /e }',
        '',
      ].join('\n'),
    );
    const result = validateConfigFile(file, {});
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'subscriptions[0].from.topic', message: expect.stringMatching(/^topic 'orders' is on broker 'grid' \(driver 'azure-eventgrid'\), which publishes to an Event Grid custom topic or domain, which has no subscriptions to pull from.*webhook.*namespaceEndpoint/) },
    ]);
  });
});

const cli = fileURLToPath(new URL('../../../dist/src/main.js', import.meta.url));

// The built CLI is there: `npm test` builds first (pretest).
describe('validate and start-up - the built CLI', () => {
  it('cli - start-up refuses a Service Bus broker without auth with the line validate prints', async () => {
    const file = configWith('azure-servicebus', {});
    const run = (args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env['PATH'] } }).catch((err: { code: number; stderr: string }) => err);
    const [validated, started] = await Promise.all([run(['validate', file]), run(['--config', file])]);
    const line = '  brokers.b: one of connectionString (e.g. "${SERVICEBUS_CONNECTION}") or namespace (<name>.servicebus.windows.net) is required';
    expect(validated).toMatchObject({ code: 1 });
    expect(started).toMatchObject({ code: 1 });
    expect(validated.stderr.split('\n')).toContain(line);
    expect(started.stderr.split('\n')).toContain(line);
  });
});
