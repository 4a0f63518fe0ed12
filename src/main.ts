#!/usr/bin/env node
/**
 * The `outrigger` command and the composition root of the daemon it runs.
 *
 * This file must parse and run on any Node a user may have on the PATH, so that an old one is
 * told what is wrong instead of dying inside a dependency: it has no static imports (type
 * imports are erased) and loads everything else only after the version check.
 */
import type { DaemonRunOptions } from './cli/main.js';
import type { Daemon as RunningDaemon } from './daemon.js';

const requiredMajor = 24;

if (Number(process.versions.node.split('.')[0]) < requiredMajor) {
  process.stderr.write(
    `outrigger needs Node.js ${requiredMajor}; this is Node ${process.version} (${process.execPath}).\n` +
      `  From a clone: npm ci && npm run build, then npx outrigger ... (npm puts the project's own Node ${requiredMajor} first).\n` +
      `  Installed with npm or elsewhere: put Node ${requiredMajor} first on the PATH. In the image it is already there.\n`,
  );
  process.exitCode = 1;
} else {
  // V8's compiled code for every module loaded from here on is kept on disk (NODE_COMPILE_CACHE,
  // else a folder under the temp directory; the image sets it) and reused by the next start.
  // A read-only or full disk only means no cache, never a failed start.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache();
  const { cli } = await import('./cli/main.js');
  cli(process.argv.slice(2), { runDaemon }).then(
    (code) => {
      process.exitCode = code;
      // Anything still holding the loop open after a clean shutdown is a bug; don't hang the pod.
      setTimeout(() => process.exit(code), 2_000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`outrigger: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}

/** `outrigger` / `outrigger run`: config, then the daemon until SIGTERM or SIGINT. */
async function runDaemon(options: DaemonRunOptions): Promise<number> {
  const [{ loadConfig }, { ConfigError }, { Daemon }, { createLogger }, { parseEmbeddedSettings }] = await Promise.all([
    import('./config/load.js'),
    import('./config/errors.js'),
    import('./daemon.js'),
    import('./observability/logger.js'),
    import('./drivers/embedded/settings.js'),
  ]);
  let config;
  try {
    config = loadConfig({ path: options.config ?? null, env: process.env, development: options.development });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const logger = createLogger(config.logging.level);
  // Which file holds the messages is the first thing to know when a queue looks empty or full.
  const dataFiles = Object.entries(config.brokers)
    .filter(([, broker]) => broker.driver === 'embedded')
    .map(([name, broker]) => parseEmbeddedSettings({ name, settings: broker.settings, dataDir: config.dataDir }).file);
  logger.info({ config: config.source, development: config.development, dataDir: config.dataDir, dataFiles }, config.development ? 'development mode: resources are created on first use' : 'configuration loaded');
  let daemon: RunningDaemon;
  try {
    daemon = await Daemon.start(config, { logger });
  } catch (err) {
    logger.fatal({ err }, 'start-up failed');
    logger.flush();
    return 1;
  }
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      daemon.shutdown(signal).then(
        () => resolve(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
