/**
 * Where the configuration comes from: a YAML file (`--config`, else OUTRIGGER_CONFIG), or,
 * with neither, zero-config development mode on the embedded broker — unless NODE_ENV is
 * production, where a missing config is far more likely a mounting mistake than a wish to run
 * a throwaway broker, so it is refused unless development mode is asked for by name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { driverRegistry } from '../drivers/registry.js';
import type { DriverTable } from './brokers.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { resolveConfig } from './resolve.js';
import type { OutriggerConfig } from './types.js';

export interface LoadOptions {
  /** The config file; null or absent: OUTRIGGER_CONFIG, else zero-config mode. */
  path?: string | null;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Drivers to validate brokers against; defaults to the built-in registry (tests pass others). */
  registry?: DriverTable;
  /** Development mode asked for explicitly (`outrigger run --dev`): allowed even with NODE_ENV=production. */
  development?: boolean;
}

/** Throws ConfigError with every problem found; the result is deeply frozen. */
export function loadConfig(options: LoadOptions = {}): OutriggerConfig {
  const env = options.env ?? process.env;
  const registry = options.registry ?? driverRegistry;
  const path = options.path ?? nonEmpty(env['OUTRIGGER_CONFIG']);
  if (path === undefined) {
    if (env['NODE_ENV'] === 'production' && options.development !== true) {
      throw new ConfigError([{ path: '', message: 'no configuration file (--config or OUTRIGGER_CONFIG) and NODE_ENV=production: refusing to start in development mode; give the config file, or run `outrigger run --dev` to ask for development mode' }], null);
    }
    return resolveConfig({}, { env, source: null, baseDir: process.cwd(), registry });
  }
  const source = resolve(path);
  return resolveConfig(readYaml(source), { env, source, baseDir: dirname(source), registry });
}

export type ValidationResult = { ok: true; config: OutriggerConfig } | { ok: false; problems: ConfigProblem[] };

/** For `outrigger validate <file>`: the same checks as start-up, as a value instead of an exception. */
export function validateConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): ValidationResult {
  try {
    return { ok: true, config: loadConfig({ path, env }) };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, problems: err.problems };
    throw err;
  }
}

/** The parsed document of a YAML file; ConfigError for a file that cannot be read or parsed. */
export function readYaml(source: string): unknown {
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ConfigError([{ path: source, message: `cannot read the configuration file (${reason})` }], source);
  }
  // Required here, synchronously, rather than imported: development mode reads no file and so
  // never loads the YAML parser.
  const { LineCounter, parseDocument } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *defaults`) are YAML 1.1, but they are how long Kubernetes files stay DRY.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  if (document.errors.length > 0) {
    // Paths are meaningless in a file that does not parse; positions are what help.
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { path: `${source}:${line}:${col}`, message: `YAML syntax error: ${error.message}` };
    });
    throw new ConfigError(problems, source);
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // Alias bombs ("billion laughs") end here instead of exhausting memory.
    throw new ConfigError([{ path: source, message: `YAML error: ${(err as Error).message}` }], source);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
