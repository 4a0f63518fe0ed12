/**
 * The validation pipeline, from a parsed document to a frozen OutriggerConfig:
 * substitute ${...}, apply OUTRIGGER_* overrides, check the schema, the brokers' settings and
 * the cross-references, and only if nothing at all is wrong, build. Every stage runs even after
 * an earlier one found problems, so that they are all reported together.
 */
import { join } from 'node:path';
import { checkBrokers, type DriverTable } from './brokers.js';
import { buildConfig } from './build.js';
import { applyDaprComponents } from './dapr-components.js';
import { defaults } from './defaults.js';
import { applyEnvOverrides } from './env-overrides.js';
import { applyTracingEnv } from './tracing.js';
import { ConfigError } from './errors.js';
import { ProblemList } from './problems.js';
import { isRecord, recordAt } from './raw.js';
import type { ConfigFile } from './schema.js';
import { validateConfigDocument } from './schema-problems.js';
import { checkSemantics } from './semantic-checks.js';
import { substitute } from './substitute.js';
import type { OutriggerConfig } from './types.js';

export interface ResolveOptions {
  env: NodeJS.ProcessEnv;
  /** The file the document came from, or null in zero-config mode. */
  source: string | null;
  /** Directory that relative `${file:...}` paths start from. */
  baseDir: string;
  registry: DriverTable;
}

const namedSections = ['brokers', 'queues', 'topics', 'streams', 'targets', 'policies'] as const;

/** Throws ConfigError listing every problem; the result is deeply frozen. */
export function resolveConfig(document: unknown, options: ResolveOptions): OutriggerConfig {
  const problems = new ProblemList();
  if (document !== null && document !== undefined && !isRecord(document)) {
    problems.add([], 'the configuration must be a mapping of sections (app:, brokers:, queues:, ...)');
    throw new ConfigError(problems.toArray(), options.source);
  }
  const doc = substitute(document ?? {}, { env: options.env, baseDir: options.baseDir }, problems) as Record<string, unknown>;
  // Before normalize: brokers from components mean the file does have brokers.
  applyDaprComponents(doc, { env: options.env, baseDir: options.baseDir }, problems);
  normalize(doc);
  applyEnvOverrides(doc, options.env, problems);
  applyTracingEnv(doc, options.env, problems);
  if (options.source === null) useDevelopmentDataFile(doc);
  validateConfigDocument(doc, problems);
  checkBrokers(recordAt(doc['brokers']), options.registry, problems);
  checkSemantics(doc, options.registry, problems);
  if (problems.size > 0) throw new ConfigError(problems.toArray(doc), options.source);
  return deepFreeze(buildConfig(doc as ConfigFile, options.source));
}

/**
 * YAML writes an empty section or entry (`topics:` / `  orders:`) as null; both mean "nothing
 * to say", i.e. absent or `{}`. A file without brokers runs on the embedded one, as zero-config does.
 */
function normalize(doc: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(doc)) if (value === null) delete doc[key];
  for (const section of namedSections) {
    const entries = doc[section];
    if (!isRecord(entries)) continue;
    for (const [name, value] of Object.entries(entries)) if (value === null) entries[name] = {};
  }
  if (doc['brokers'] === undefined || (isRecord(doc['brokers']) && Object.keys(doc['brokers']).length === 0)) {
    doc['brokers'] = { [defaults.brokerName]: { driver: defaults.brokerDriver } };
  }
}

/**
 * Zero-config runs keep their data apart from configured runs in the same directory: a
 * throwaway `npm start` must never read or fill the queues of a configured sidecar.
 */
function useDevelopmentDataFile(doc: Record<string, unknown>): void {
  const dataDir = typeof doc['dataDir'] === 'string' ? doc['dataDir'] : defaults.dataDir;
  const broker = recordAt(doc['brokers'])[defaults.brokerName];
  if (isRecord(broker) && broker['file'] === undefined) broker['file'] = join(dataDir, defaults.developmentDataFile);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
