/**
 * Schema validation whose errors read like advice: one line per mistake, at the path where it
 * is, with the closest known key for a typo. Ajv reports every branch of an `anyOf`; only the
 * branch the author evidently meant is kept, so `from: { queue: x, group: y }` yields one line.
 * The validators are generated code (generated/): the config file's is loaded with this module, a
 * driver's settings validator only when a config names the driver. Ajv itself is loaded only for a
 * schema none was generated for (a test's own driver).
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { configValidator } from './generated/config-validator.js';
import { resourceNameHint } from './names.js';
import type { Path, PathSegment, ProblemList } from './problems.js';
import { ajvOptions, formatProblem, patternHints, schemaFormats } from './schema-formats.js';
import { closest } from '../kernel/suggest.js';

const require = createRequire(import.meta.url);
const compiled = new WeakMap<object, ValidateFunction>();
let ajv: import('ajv').Ajv | undefined;

/** Validates the config document (coercing scalar types in place); a problem per mistake. */
export function validateConfigDocument(data: unknown, problems: ProblemList): void {
  report(configValidator, data, [], problems);
}

/**
 * Validates the settings of a broker using `driver` against its settings `schema` (coercing scalar
 * types in place) and records a problem per mistake under `basePath`.
 */
export function validateSettings(driver: string, schema: object, data: unknown, basePath: Path, problems: ProblemList): void {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = generatedSettingsValidator(driver, schema) ?? compile(schema);
    compiled.set(schema, validate);
  }
  report(validate, data, basePath, problems);
}

/**
 * The driver's generated validator (generated/settings/<driver>.js, loaded now, synchronously, as
 * validation is), if there is one and it was generated from this very schema. There is none for a
 * test's own driver, nor when running the TypeScript sources (vitest), where the module is a .ts
 * file that require() cannot find.
 */
function generatedSettingsValidator(driver: string, schema: object): ValidateFunction | undefined {
  if (!/^[a-z0-9-]+$/.test(driver)) return undefined;
  let generated: { generatedFrom: string; settingsValidator: ValidateFunction };
  try {
    generated = require(`./generated/settings/${driver}.js`) as typeof generated;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  return generated.generatedFrom === JSON.stringify(schema) ? generated.settingsValidator : undefined;
}

function report(validate: ValidateFunction, data: unknown, basePath: Path, problems: ProblemList): void {
  if (validate(data)) return;
  for (const error of withoutEchoes(keepIntendedBranches(validate.errors ?? []))) {
    const { path, message } = describe(error, data);
    problems.add([...basePath, ...path], message);
  }
}

function compile(schema: object): ValidateFunction {
  if (ajv === undefined) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    ajv = new Ajv(ajvOptions);
    for (const [name, format] of Object.entries(schemaFormats)) ajv.addFormat(name, format);
  }
  return ajv.compile(schema);
}

function describe(error: ErrorObject, data: unknown): { path: PathSegment[]; message: string } {
  const path = toPath(error.instancePath, data);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const hint = typeof parent['pattern'] === 'string' ? patternHints.get(parent['pattern']) : undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      // A map keyed by name (queues, topics, ...) has no fixed keys: the key is a name that breaks the rule.
      const namedMap = parent['properties'] === undefined && parent['patternProperties'] !== undefined;
      if (namedMap) return { path: [...path, key], message: `invalid name '${key}': names are ${resourceNameHint}` };
      return { path: [...path, key], message: unknownKey(key, Object.keys((parent['properties'] ?? {}) as object)) };
    }
    case 'required':
      return { path: [...path, String(params['missingProperty'])], message: 'is required' };
    case 'anyOf':
      return { path, message: alternatives(error.schema, error.data) };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      return { path, message: oneOfValues(allowed, error.data) };
    }
    case 'format': {
      const reason = typeof error.data === 'string' ? formatProblem(String(params['format']), error.data) : undefined;
      return { path, message: reason ?? simpleMessage(error.keyword, params) };
    }
    case 'type':
    case 'pattern':
      return { path, message: hint ?? simpleMessage(error.keyword, params) };
    default:
      return { path, message: simpleMessage(error.keyword, params) };
  }
}

function simpleMessage(keyword: string, params: Record<string, unknown>): string {
  const limit = params['limit'];
  switch (keyword) {
    case 'type':
      return `must be ${String(params['type']).split(',').map(typeName).join(' or ')}`;
    case 'minimum':
      return `must be >= ${String(limit)}`;
    case 'maximum':
      return `must be <= ${String(limit)}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${String(limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(limit)} characters long`;
    case 'minItems':
      return limit === 1 ? 'must not be an empty list' : `must have at least ${String(limit)} items`;
    case 'pattern':
      return `must match ${String(params['pattern'])}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'format':
      return `must be a ${String(params['format'])}`;
    default:
      return `is invalid (${keyword})`;
  }
}

function typeName(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
    null: 'empty',
  };
  return names[type] ?? type;
}

function oneOfValues(allowed: string[], data: unknown): string {
  const guess = typeof data === 'string' ? closest(data, allowed) : undefined;
  return `must be one of: ${allowed.join(', ')}${guess === undefined ? '' : ` (did you mean '${guess}'?)`}`;
}

function unknownKey(key: string, known: string[]): string {
  const guess = closest(key, known);
  if (guess !== undefined) return `unknown key (did you mean '${guess}'?)`;
  return known.length === 0 ? 'unknown key' : `unknown key (known: ${known.join(', ')})`;
}

/** The accepted alternatives, for a value that fits none: `{queue}, {topic, filter}, ...` or `fsync, os`. */
function alternatives(branches: unknown, data: unknown): string {
  if (!Array.isArray(branches)) return 'must match one of the allowed forms';
  const list = branches as Array<{ const?: unknown; properties?: object; type?: unknown }>;
  if (list.every((branch) => branch.const !== undefined)) {
    return oneOfValues(list.map((branch) => String(branch.const)), data);
  }
  const shapes = list.map((branch) => {
    if (branch.properties !== undefined) return `{${Object.keys(branch.properties).join(', ')}}`;
    return typeof branch.type === 'string' ? typeName(branch.type) : 'a value';
  });
  return `must be exactly one of: ${shapes.join(', ')}`;
}

/**
 * For each failed anyOf, keeps the errors of the branch with the fewest (the one meant), or, when
 * several tie, only the anyOf itself, whose message then lists the accepted shapes.
 */
function keepIntendedBranches(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const byBranch = new Map<number, ErrorObject[]>();
    for (const error of errors) {
      if (error === anyOf || !error.schemaPath.startsWith(prefix) || !within(error.instancePath, anyOf.instancePath)) continue;
      const branch = Number(error.schemaPath.slice(prefix.length).split('/', 1)[0]);
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
    }
    const fewest = Math.min(...[...byBranch.values()].map((list) => list.length));
    const intended = [...byBranch.entries()].filter(([, list]) => list.length === fewest);
    for (const [branch, list] of byBranch) {
      if (intended.length > 1 || branch !== intended[0]?.[0]) list.forEach((error) => dropped.add(error));
    }
    if (intended.length === 1) dropped.add(anyOf);
  }
  return errors.filter((error) => !dropped.has(error));
}

/** `form:` instead of `from:` is one mistake: report the unknown key with its suggestion, not also the missing one. */
function withoutEchoes(errors: ErrorObject[]): ErrorObject[] {
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const known = Object.keys(((error.parentSchema ?? {}) as { properties?: object }).properties ?? {});
    const guess = closest(String((error.params as Record<string, unknown>)['additionalProperty']), known);
    if (guess !== undefined) misspelt.add(`${error.instancePath}/${guess}`);
  }
  return errors.filter(
    (error) => error.keyword !== 'required' || !misspelt.has(`${error.instancePath}/${String((error.params as Record<string, unknown>)['missingProperty'])}`),
  );
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** JSON Pointer to path segments; array positions become numbers so they print as `[0]`. */
function toPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
