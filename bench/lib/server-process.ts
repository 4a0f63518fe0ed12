/** Starts and stops a bench server process (one built on serve.ts) as a pinned child process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pinnedCommand } from './pinning.js';

export interface ServerProcess {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs `node main ...args`, which prints {"port":N} once listening and exits on SIGTERM. */
export async function startServerProcess(core: number | null, main: string, args: string[], what: string): Promise<ServerProcess> {
  const command = pinnedCommand(core, process.execPath, [main, ...args]);
  const child = spawn(command.file, command.args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [null])])) as [string | null];
  if (first === null) throw new Error(`${what} exited before listening`);
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
