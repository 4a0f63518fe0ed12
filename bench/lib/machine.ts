/** A description of the machine the benchmark ran on. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, release, totalmem } from 'node:os';

function run(file: string, args: string[]): string | null {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export interface MachineInfo {
  nproc: string | null;
  lscpu: string | null;
  free: string | null;
  kernel: string;
  node: string;
  cpuModel: string | null;
  availableParallelism: number;
  totalMemMiB: number;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: run('nproc', []),
    lscpu: run('lscpu', [])?.split('\n').slice(0, 16).join('\n') ?? null,
    free: run('free', ['-h']),
    kernel: release(),
    node: process.version,
    cpuModel: cpus()[0]?.model ?? null,
    availableParallelism: availableParallelism(),
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
  };
}
