/**
 * The Event Hubs test broker (test/infra/eventhubs-broker) as a process of its own, so that its AMQP
 * work is not charged to the bench process, which also runs the load generator and the SDK
 * clients measured directly. Prints `ready <connection string>` once it listens; exits when its
 * stdin closes, so it dies with the bench even when that is killed.
 *   node dist/bench/tools/eventhubs-broker.js '{"hubs":{"appends":4}}'
 */
import { EventHubsTestBroker, type BrokerOptions } from '../../test/infra/eventhubs-broker/broker.js';

const options = JSON.parse(process.argv[2] ?? '{}') as BrokerOptions;
const broker = await EventHubsTestBroker.start(options);
process.stdout.write(`ready ${broker.connectionString}\n`);
const stop = (): void => {
  void broker.stop().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
