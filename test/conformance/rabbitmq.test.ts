/**
 * The conformance suite on the RabbitMQ driver, against the machine's RabbitMQ 3.10
 * (127.0.0.1:5672, quorum queues). It fails when the server does not answer. The queues and
 * exchanges the suite declares are recorded and deleted at the end.
 */
import type { Driver } from '../../src/drivers/contract.js';
import { createRabbitmqDriver } from '../../src/drivers/rabbitmq/index.js';
import { created, deleteCreated, plainRabbit, rabbitUrl, recording } from '../infra/helpers/rabbitmq.js';
import { describeDriverConformance } from './suite.js';

describeDriverConformance('rabbitmq (RabbitMQ 3.10, quorum queues)', async () => {
  await (await plainRabbit()).close();
  const made = created();
  const opened: Driver[] = [];
  const open = async (): Promise<Driver> => {
    const driver = await createRabbitmqDriver({ name: 'conformance', settings: { url: rabbitUrl }, dataDir: '.' });
    await driver.connect();
    opened.push(driver);
    return recording(driver, made);
  };
  return {
    driver: await open(),
    reopen: open,
    cleanup: async () => {
      await Promise.all(opened.map((driver) => driver.close()));
      await deleteCreated(made);
    },
  };
});
