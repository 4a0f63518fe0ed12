/** Stopping a server process a test started, and waiting until it is really gone. */
import type { ChildProcess } from 'node:child_process';

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
