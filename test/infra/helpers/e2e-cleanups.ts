/**
 * What an end-to-end test starts is stopped after it, whether it passed or not: daemons are
 * killed and apps closed in reverse order of start, and a failing cleanup does not stop the rest.
 * Call at module level, since it registers an afterEach hook.
 */
import { afterEach } from 'vitest';
import { startApp, type TestApp } from './app-server.js';
import { startDaemon, type DaemonOptions, type RunningDaemon } from './daemon.js';

export interface E2eCleanups {
  /** Anything else to undo after the test. */
  cleanups: Array<() => Promise<unknown>>;
  daemonFor(options: DaemonOptions): Promise<RunningDaemon>;
  appFor(port?: number): Promise<TestApp>;
}

export function e2eCleanups(): E2eCleanups {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  });
  return {
    cleanups,
    async daemonFor(options) {
      const daemon = await startDaemon(options);
      cleanups.push(() => daemon.kill());
      return daemon;
    },
    async appFor(port) {
      const app = await startApp(port);
      cleanups.push(() => app.close());
      return app;
    },
  };
}
