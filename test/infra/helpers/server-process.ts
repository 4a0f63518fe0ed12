/** A server process a test started of its own: waiting until it answers, and until it is gone. */
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once `probe` succeeds against the server, trying every 50 ms for up to 10 s. An early
 * exit fails at once rather than after the 10 s; the spawn error, if any, is listened for (an
 * 'error' event nobody hears would end the test run) and cuts each try short.
 */
export async function untilAnswering(child: ChildProcess, port: number, probe: () => Promise<void>, answer = 'answer'): Promise<void> {
  const failed = new Promise<never>((_, reject) => child.once('error', reject));
  failed.catch(() => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode} (args ${child.spawnargs.slice(1).join(' ')})`);
    try {
      await Promise.race([probe(), failed]);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${child.spawnfile} on port ${port} did not ${answer} within 10 s`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Signals the process and resolves once it has exited. One that has already exited (by code or
 * by signal) is left alone: its 'exit' event is past and would never come again.
 */
export async function signalAndWaitForExit(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
