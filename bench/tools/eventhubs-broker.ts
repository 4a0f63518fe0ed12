/**
 * The Event Hubs test broker (test/infra/eventhubs-broker) as a process of its own, so that its AMQP
 * work is not charged to the bench process, which also runs the load generator and the SDK
 * clients measured directly. Prints `ready <connection string>` once it listens; exits when its
 * stdin closes, so it dies with the bench even when that is killed.
 *   node dist/bench/tools/eventhubs-broker.js '{"hubs":{"appends":4}}'
 * With BENCH_EH_BROKER_PROFILE_DIR=<dir> (a diagnostic), the broker profiles its own CPU and
 * writes broker-<pid>.cpuprofile there when it stops (read it with cpu-profile-top.js).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { EventHubsTestBroker, type BrokerOptions } from '../../test/infra/eventhubs-broker/broker.js';

const profileDir = process.env.BENCH_EH_BROKER_PROFILE_DIR;
const profiler = profileDir === undefined || profileDir === '' ? undefined : new Session();
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

const options = JSON.parse(process.argv[2] ?? '{}') as BrokerOptions;
const broker = await EventHubsTestBroker.start(options);
process.stdout.write(`ready ${broker.connectionString}\n`);
const stop = (): void => {
  void (async () => {
    if (profiler !== undefined && profileDir !== undefined) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(join(profileDir, `broker-${process.pid}.cpuprofile`), JSON.stringify(profile));
    }
    await broker.stop();
  })().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
