/**
 * The conformance suite on the Service Bus driver: the real @azure/service-bus SDK against the
 * project's AMQP test broker (entities created on first use: names starting `t-` are topics), and
 * against live Azure when OUTRIGGER_TEST_SERVICEBUS holds a connection string.
 */
import { describe, it } from 'vitest';
import { createServiceBusDriver } from '../../src/drivers/azure-servicebus/index.js';
import { ServiceBusTestBroker } from '../infra/servicebus-broker/broker.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

async function target(connectionString: string, stop: () => Promise<void>) {
  return trackedTarget(
    async () => {
      // manageEntities: the suite's filtered subscriptions get their rules from the driver.
      const driver = await createServiceBusDriver({ name: 'conformance', settings: { connectionString, manageEntities: true }, dataDir: '.' });
      await driver.connect();
      return driver;
    },
    stop,
  );
}

describeDriverConformance('azure-servicebus (test broker)', async () => {
  const broker = await ServiceBusTestBroker.start({
    autoCreate: (name) => (name.startsWith('t-') ? 'topic' : 'queue'),
    // The ordering cases' queues (`ord-...`) are session-enabled, as ordered entities must be on Service Bus.
    autoCreateOptions: (name) => (name.startsWith('ord-') ? { requiresSession: true } : undefined),
  });
  return target(broker.connectionString, () => broker.stop());
});

const live = process.env.OUTRIGGER_TEST_SERVICEBUS;
if (live !== undefined && live !== '') {
  // Live Azure: the entities the suite names must exist (or be created by whoever runs it), and
  // the connection string's policy needs Manage as well as Send and Listen (depth is read through
  // the administration API, and subscription rules are listed and managed).
  describeDriverConformance('azure-servicebus (live Azure)', () => target(live, async () => undefined));
} else {
  describe('azure-servicebus (live Azure)', () => {
    it.skip('skipped: set OUTRIGGER_TEST_SERVICEBUS to a Service Bus connection string (a policy with Manage, Send and Listen) to run the conformance suite against live Azure', () => undefined);
  });
}
