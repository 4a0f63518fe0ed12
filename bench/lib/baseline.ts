/** Starts and stops the direct baseline server (baseline-server.ts) as a child process. */
import { baselineServerMain } from './paths.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export type Baseline = ServerProcess;

export function startBaseline(core: number | null): Promise<Baseline> {
  return startServerProcess(core, baselineServerMain, ['0'], 'baseline server');
}
