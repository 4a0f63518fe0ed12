/**
 * What the Event Hubs benchmark runs against: the AMQP test broker in a child process and Azurite
 * blob (checkpoints and ownership) in another, both on loopback ports the kernel picks. Neither is
 * pinned: the two cores are taken by the bench process and the daemon, and these float between.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startAzuriteBlob, type RunningAzurite } from '../../test/infra/helpers/azurite.js';

export interface EventHubsEnv {
  /** Namespace-level connection string of the test broker. */
  connectionString: string;
  azurite: RunningAzurite;
  /** The test broker's process, for its CPU per event. */
  brokerPid: number;
  stop(): Promise<void>;
}

const brokerMain = fileURLToPath(new URL('../tools/eventhubs-broker.js', import.meta.url));

export async function startEventHubsEnv(hubs: Record<string, number>): Promise<EventHubsEnv> {
  const child = spawn(process.execPath, [brokerMain, JSON.stringify({ hubs })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const connectionString = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Event Hubs test broker did not start within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /^ready (.+)$/m.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!.trim());
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Event Hubs test broker exited with code ${code}:\n${output}`));
    });
  });
  let azurite: RunningAzurite;
  try {
    azurite = await startAzuriteBlob();
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    connectionString,
    azurite,
    brokerPid: child.pid ?? -1,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await azurite.stop();
    },
  };
}
