/**
 * The conformance suite on the RabbitMQ driver, against the machine's RabbitMQ 3.10
 * (127.0.0.1:5672), once with quorum queues (the default) and once with classic queues
 * (queueType: classic), whose deliveries the broker does not count. It fails when the server does
 * not answer. The queues and exchanges the suite declares are recorded and deleted at the end.
 */
import { createRabbitmqDriver } from '../../src/drivers/rabbitmq/index.js';
import { created, deleteCreated, plainRabbit, rabbitUrl, recording } from '../infra/helpers/rabbitmq.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

for (const queueType of ['quorum', 'classic'] as const) {
  describeDriverConformance(`rabbitmq (RabbitMQ 3.10, ${queueType} queues)`, async () => {
    await (await plainRabbit()).close();
    const made = created();
    return trackedTarget(
      async () => {
        const driver = await createRabbitmqDriver({ name: 'conformance', settings: { url: rabbitUrl, queueType }, dataDir: '.' });
        await driver.connect();
        return recording(driver, made);
      },
      async () => {
        await deleteCreated(made);
      },
    );
  });
}
