/**
 * The Service Bus test broker (test/infra/servicebus-broker) in a process of its own, for
 * bench/run-servicebus.ts: the SDK used directly and the daemon both talk AMQP to it, and neither
 * shares a process (or an event loop) with it. Every unknown entity is created as a queue on first
 * use. Prints one JSON line `{"connectionString": ...}` when listening; exits when stdin closes.
 */
import { ServiceBusTestBroker } from '../test/infra/servicebus-broker/broker.js';

const broker = await ServiceBusTestBroker.start({ autoCreate: () => 'queue', defaults: { lockDurationMs: 60_000, maxDeliveryCount: 10 } });
process.stdout.write(`${JSON.stringify({ connectionString: broker.connectionString })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void broker.stop().finally(() => process.exit(0));
});
