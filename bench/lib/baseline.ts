/** Starts and stops the direct baseline server (baseline-server.ts) as a child process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { baselineServerMain } from './paths.js';
import { pinnedCommand } from './pinning.js';

export interface Baseline {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBaseline(core: number | null): Promise<Baseline> {
  const command = pinnedCommand(core, process.execPath, [baselineServerMain, '0']);
  const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [null])])) as [string | null];
  if (first === null) throw new Error('baseline server exited before listening');
  const { port } = JSON.parse(first) as { port: number };
  const exited = once(child, 'exit');
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
