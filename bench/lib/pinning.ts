/**
 * CPU pinning with taskset: the generator (this process) on one core, the process under test
 * on another, so they do not steal each other's time slices. Off with BENCH_PIN=0, or when
 * taskset or a second core is missing.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Pinning {
  enabled: boolean;
  /** Core of the bench process: generator, push app receiver. */
  generatorCore: number | null;
  /** Core of the daemon and of the direct baseline server. */
  serverCore: number | null;
  note: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Decides the pinning and pins this process (all its threads) to the generator core. */
export function setUpPinning(env: NodeJS.ProcessEnv): Pinning {
  if (env.BENCH_PIN === '0') return { enabled: false, generatorCore: null, serverCore: null, note: 'disabled by BENCH_PIN=0' };
  if (availableParallelism() < 2) return { enabled: false, generatorCore: null, serverCore: null, note: 'only one core' };
  if (!hasTaskset()) return { enabled: false, generatorCore: null, serverCore: null, note: 'taskset not found' };
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  return { enabled: true, generatorCore: 0, serverCore: 1, note: 'bench process (generator + push app) on core 0 (taskset -a -p -c 0); daemon and direct baseline on core 1 (taskset -c 1)' };
}

/** The command line that runs `file args` on `core` (or unpinned). */
export function pinnedCommand(core: number | null, file: string, args: string[]): { file: string; args: string[] } {
  if (core === null) return { file, args };
  return { file: 'taskset', args: ['-c', String(core), file, ...args] };
}
