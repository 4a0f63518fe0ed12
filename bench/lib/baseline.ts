/** Starts and stops the direct baseline server (baseline-server.ts) as a child process. */
import { baselineServerMain } from './paths.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

export type Baseline = ServerProcess;

/** `commonjs`: the same server without what an ESM import of node:http loads (baseline-server.ts). */
export function startBaseline(core: number | null, options: { commonjs?: boolean } = {}): Promise<Baseline> {
  return startServerProcess(core, baselineServerMain, options.commonjs === true ? ['0', 'commonjs'] : ['0'], 'baseline server');
}
