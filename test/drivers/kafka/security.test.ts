/**
 * Kafka security settings against the real broker with SASL and TLS listeners: SASL PLAIN with the
 * user `$ConnectionString` (how Event Hubs' Kafka endpoint authenticates: the password is the
 * namespace connection string), SCRAM-SHA-256 and -512, TLS with a private CA, and SASL over TLS
 * (Event Hubs' SASL_SSL shape), and the Event Hubs example config itself; a wrong password fails
 * connect, not retriable.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KafkaDriver } from '../../../src/drivers/kafka/index.js';
import { expectCode } from '../../conformance/support.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { openDriver } from './support.js';

const connectionString = 'Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0';
const here = dirname(fileURLToPath(import.meta.url));
const unavailable = kafkaUnavailable();

describe.skipIf(unavailable !== undefined)(`kafka security${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;

  beforeAll(async () => {
    broker = await KafkaTestBroker.start({ saslUsers: { $ConnectionString: connectionString, alice: 'alice-secret' }, tls: true });
  }, 60_000);

  afterAll(() => broker?.close());

  /** Ensures a stream, appends one event and reads it back through `settings`. */
  async function roundTrip(settings: Record<string, unknown>, bootstrap: string): Promise<void> {
    let driver: KafkaDriver | undefined;
    try {
      driver = await openDriver(bootstrap, settings);
      const stream = `sec-${randomUUID().slice(0, 8)}`;
      await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3_600_000 });
      const [receipt] = await driver.streams.append(stream, [{ id: 'e1', headers: { 'ce-type': 'Secured' }, data: Buffer.from('hi') }]);
      expect(receipt).toMatchObject({ partition: 0, offset: 0 });
      const [event] = await driver.streams.read(stream, 0, { from: { kind: 'earliest' }, max: 1 });
      expect(event?.id).toBe('e1');
    } finally {
      await driver?.close();
    }
  }

  it("security - SASL PLAIN with the user $ConnectionString and a connection string as password (Event Hubs' shape)", async () => {
    await roundTrip({ securityProtocol: 'SASL_PLAINTEXT', saslMechanism: 'PLAIN', username: '$ConnectionString', password: connectionString }, broker.bootstrapOf('SASL_PLAINTEXT'));
  });

  it("security - the Event Hubs example (deploy/overlays/kafka-eventhubs) works as written against a SASL_SSL listener, with only the address and the CA swapped in", async () => {
    const example = parse(readFileSync(resolve(here, '../../../deploy/overlays/kafka-eventhubs/outrigger.yaml'), 'utf8')) as { brokers: { hubs: Record<string, unknown> }; streams: { telemetry: { partitions: number } } };
    const { driver: _driver, bootstrapServers, ...settings } = example.brokers.hubs;
    expect(bootstrapServers).toBe('myns.servicebus.windows.net:9093');
    expect(settings).toMatchObject({ securityProtocol: 'SASL_SSL', saslMechanism: 'PLAIN', username: '$ConnectionString', password: '${EVENTHUBS_CONNECTION}', createTopics: false });
    // Event hubs are made in Azure (createTopics: false): the event hub is made here beforehand.
    const telemetry = `telemetry-${randomUUID().slice(0, 8)}`;
    const admin = new Admin({ clientId: 'sec-admin', bootstrapBrokers: [broker.bootstrap] });
    try {
      await admin.createTopics({ topics: [telemetry], partitions: example.streams.telemetry.partitions, replicas: 1 });
    } finally {
      await admin.close();
    }
    const driver = await openDriver(broker.bootstrapOf('SASL_SSL'), { ...settings, password: connectionString, tlsCaFile: broker.caFile });
    try {
      await driver.streams.ensureStream(telemetry, { partitions: example.streams.telemetry.partitions, retentionMs: 7 * 86_400_000 });
      const [receipt] = await driver.streams.append(telemetry, [{ id: 't1', headers: { 'ce-type': 'Reading' }, data: Buffer.from('21.5'), partitionKey: 'sensor-1' }]);
      const [event] = await driver.streams.read(telemetry, receipt?.partition ?? -1, { from: { kind: 'earliest' }, max: 1 });
      expect(event?.id).toBe('t1');
      // A stream the namespace lacks is refused, not made.
      await expectCode(driver.streams.ensureStream(`missing-${randomUUID().slice(0, 8)}`, { partitions: 1, retentionMs: 3_600_000 }), 'unknown_resource');
    } finally {
      await driver.close();
    }
  });

  it('security - SCRAM-SHA-256 and SCRAM-SHA-512', async () => {
    for (const saslMechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      await roundTrip({ securityProtocol: 'SASL_PLAINTEXT', saslMechanism, username: 'alice', password: 'alice-secret' }, broker.bootstrapOf('SASL_PLAINTEXT'));
    }
  });

  it('security - TLS with the CA given as tlsCaFile, and SASL PLAIN over TLS', async () => {
    await roundTrip({ securityProtocol: 'SSL', tlsCaFile: broker.caFile }, broker.bootstrapOf('SSL'));
    await roundTrip(
      { securityProtocol: 'SASL_SSL', tlsCaFile: broker.caFile, saslMechanism: 'PLAIN', username: '$ConnectionString', password: connectionString },
      broker.bootstrapOf('SASL_SSL'),
    );
  });

  it('security - a wrong password fails connect with broker_unavailable that retrying cannot help', async () => {
    const { createKafkaDriver } = await import('../../../src/drivers/kafka/index.js');
    const driver = await createKafkaDriver({
      name: 'denied',
      settings: { bootstrapServers: broker.bootstrapOf('SASL_PLAINTEXT'), securityProtocol: 'SASL_PLAINTEXT', saslMechanism: 'PLAIN', username: '$ConnectionString', password: 'wrong' },
      dataDir: '.',
    });
    const error = await expectCode(driver.connect(), 'broker_unavailable');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('access denied');
    await driver.close();
  });
});
