/**
 * The fixture of the Service Bus driver tests: one AMQP test broker per test file, and drivers
 * (the real SDK) opened on it, connected, and closed after each test.
 *
 *   const sb = useServiceBusBroker();
 *   it('...', async () => { const driver = await sb.open({ maxReceiversPerInbox: 1 }); sb.broker.createQueue('q'); });
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createServiceBusDriver, type ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { ServiceBusTestBroker } from '../servicebus-broker/broker.js';

export interface ServiceBusFixture {
  /** The file's broker, there from its first beforeAll on. */
  readonly broker: ServiceBusTestBroker;
  /** A connected driver on the broker with these settings next to its connection string. */
  open(settings?: Record<string, unknown>): Promise<ServiceBusDriver>;
}

/**
 * Call at the top of a test file. `beforeClose` runs after each test before its drivers close
 * (to undo faults the test set on the broker).
 */
export function useServiceBusBroker(options: { beforeClose?: (broker: ServiceBusTestBroker) => void } = {}): ServiceBusFixture {
  let broker: ServiceBusTestBroker | undefined;
  const drivers: ServiceBusDriver[] = [];
  beforeAll(async () => {
    broker = await ServiceBusTestBroker.start();
  });
  afterEach(async () => {
    if (broker !== undefined) options.beforeClose?.(broker);
    await Promise.all(drivers.splice(0).map((driver) => driver.close()));
  });
  afterAll(async () => {
    await broker?.stop();
  });
  const fixture: ServiceBusFixture = {
    get broker(): ServiceBusTestBroker {
      if (broker === undefined) throw new Error('the Service Bus test broker starts in beforeAll');
      return broker;
    },
    async open(settings = {}) {
      const driver = await createServiceBusDriver({ name: 'bus', settings: { connectionString: fixture.broker.connectionString, ...settings }, dataDir: '.' });
      drivers.push(driver);
      await driver.connect();
      return driver;
    },
  };
  return fixture;
}
