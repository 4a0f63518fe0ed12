#!/usr/bin/env node
/**
 * The `outrigger` command:
 *   outrigger [--config FILE]     run the sidecar (no file: development mode on the embedded broker)
 *   outrigger validate FILE       check a config file and print every problem
 *   outrigger schema              print the config file's JSON Schema
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.js';
import { configJsonSchema } from './config/json-schema.js';
import { loadConfig, validateConfigFile } from './config/load.js';
import { Daemon } from './daemon.js';
import { createLogger } from './observability/logger.js';

const usage = `Usage:
  outrigger [--config FILE]    run the sidecar (or set OUTRIGGER_CONFIG; none: development mode)
  outrigger validate FILE      check a config file and list every problem
  outrigger schema             print the config JSON Schema (for editors)
  outrigger --version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.version) {
    console.log(version());
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === 'validate') {
    const file = rest[0] ?? values.config;
    if (file === undefined) {
      console.error(usage);
      return 2;
    }
    const result = validateConfigFile(file);
    if (result.ok) {
      console.log(`${file}: valid`);
      return 0;
    }
    console.error(`${file}: ${result.problems.length} problem(s)`);
    for (const problem of result.problems) console.error(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  if (command === 'schema') {
    console.log(JSON.stringify(configJsonSchema(), null, 2));
    return 0;
  }
  if (command !== undefined) {
    console.error(`unknown command '${command}'\n${usage}`);
    return 2;
  }
  return run(values.config);
}

async function run(configPath: string | undefined): Promise<number> {
  let config;
  try {
    config = loadConfig({ path: configPath ?? null, env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const logger = createLogger(config.logging.level);
  let daemon: Daemon;
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Anything still holding the loop open after a clean shutdown is a bug; don't hang the pod.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
