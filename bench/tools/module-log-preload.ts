/**
 * Preloaded with `--import` by idle-footprint.ts: appends the URL of every module the process
 * resolves to the file named by BENCH_MODULE_LOG, so the tool can say which packages a daemon
 * has loaded by the time it is idle.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.BENCH_MODULE_LOG;
if (log !== undefined && log !== '') {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      appendFileSync(log, `${result.url}\n`);
      return result;
    },
  });
}
