/**
 * docs/configuration.md, written from the same JSON Schema editors get, so the reference can
 * never describe a key the loader does not know or miss one it does. Every key is a row: its
 * path as written in YAML (`<name>` for the user's own names, `[]` for list items), type,
 * default and description; each driver's settings get their own table.
 */
import { envOverrides } from './env-overrides.js';
import { configJsonSchema } from './json-schema.js';

type Schema = Record<string, unknown>;

interface Row {
  path: string;
  type: string;
  default: string;
  description: string;
}

export function configurationReference(): string {
  const root = configJsonSchema() as Schema;
  const rows: Row[] = [];
  const drivers: Array<{ driver: string; rows: Row[] }> = [];
  walk(properties(root), '', rows, drivers);
  const table = (list: Row[]): string[] => ['| key | type | default | description |', '|---|---|---|---|', ...list.map((r) => `| \`${r.path}\` | ${r.type} | ${r.default} | ${cell(r.description)} |`)];
  return [
    '# Configuration reference',
    '',
    '<!-- Written by `npm run schema` from src/config/schema.ts and each driver\'s settings; do not edit by hand. -->',
    '',
    'One YAML file (`--config FILE` or `OUTRIGGER_CONFIG`). `<name>` stands for a name you choose',
    '(`[A-Za-z0-9][A-Za-z0-9._-]{0,127}`), `[]` for an item of a list. Durations are `500ms`, `30s`,',
    '`5m`, `1h`, `7d` (or milliseconds); sizes `512B`, `64KiB`, `1MiB`, `1MB` (or bytes). Any string',
    'may use `${ENV}`, `${ENV:-default}` or `${file:/path}`; keys starting with `x-` at the top are',
    'ignored (a place for YAML anchors). `outrigger validate FILE` checks a file against all of this.',
    'The same schema, for editors: [schema/outrigger.schema.json](../schema/outrigger.schema.json).',
    '',
    ...table(rows),
    '',
    '## Broker settings, by driver',
    '',
    'Beside `driver` and `policy`, a broker entry takes its driver\'s own settings:',
    ...drivers.flatMap(({ driver, rows: settings }) => ['', `### \`driver: ${driver}\``, '', ...table(settings)]),
    '',
    '## Environment variables',
    '',
    'Each overrides one key, after `${...}` substitution and before validation, so a bad value is',
    'reported with the variable\'s name. An empty value counts as unset.',
    '',
    '| variable | overrides |',
    '|---|---|',
    '| `OUTRIGGER_CONFIG` | the config file to read (as `--config`) |',
    ...envOverrides.map(({ variable, path, onlyIfPresent }) =>
      `| \`${variable}\` | \`${path.join('.')}\`${onlyIfPresent ? ` (only when the file has a \`${String(path[0])}:\` section; never turns it on)` : ''} |`),
    '| `NODE_ENV` | `production`: with no config file, start-up is refused instead of running development mode (`outrigger run --dev` forces it) |',
    '',
  ].join('\n');
}

function walk(props: Array<[string, Schema]>, prefix: string, rows: Row[], drivers: Array<{ driver: string; rows: Row[] }>): void {
  for (const [key, schema] of props) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    add(rows, row(path, schema));
    descend(schema, path, rows, drivers);
  }
}

function descend(schema: Schema, path: string, rows: Row[], drivers: Array<{ driver: string; rows: Row[] }>): void {
  const items = schema['items'] as Schema | undefined;
  if (schema['type'] === 'array' && items !== undefined && isObjectSchema(items)) {
    walk(properties(items), `${path}[]`, rows, drivers);
    return;
  }
  const named = Object.values((schema['patternProperties'] as Record<string, Schema> | undefined) ?? {})[0];
  if (named !== undefined && schema['properties'] === undefined) {
    const entry = `${path}.<name>`;
    walk(properties(named), entry, rows, drivers);
    for (const variant of (named['anyOf'] as Schema[] | undefined) ?? []) walk(properties(variant), entry, rows, drivers);
    for (const branch of (named['allOf'] as Schema[] | undefined) ?? []) driverSettings(branch, drivers);
    return;
  }
  for (const variant of (schema['anyOf'] as Schema[] | undefined) ?? []) if (isObjectSchema(variant)) walk(properties(variant), path, rows, drivers);
  if (isObjectSchema(schema)) walk(properties(schema), path, rows, drivers);
}

/** `if: {driver: const X} then: {...}`: the settings of driver X. */
function driverSettings(branch: Schema, drivers: Array<{ driver: string; rows: Row[] }>): void {
  const driver = ((branch['if'] as Schema | undefined)?.['properties'] as Record<string, Schema> | undefined)?.['driver']?.['const'];
  const then = branch['then'] as Schema | undefined;
  if (typeof driver !== 'string' || then === undefined) return;
  const rows: Row[] = [];
  walk(properties(then).filter(([key]) => key !== 'driver'), '', rows, []);
  drivers.push({ driver, rows });
}

/** Variants (a target by url or by queue) share keys: one row each, types and meanings joined. */
function add(rows: Row[], next: Row): void {
  const same = rows.find((r) => r.path === next.path);
  if (same === undefined) rows.push(next);
  else if (same.type !== next.type) {
    same.type = `${same.type} \\| ${next.type}`;
    same.description = `${same.description} Or: ${next.description}`;
  }
}

function properties(schema: Schema): Array<[string, Schema]> {
  return Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {});
}

function isObjectSchema(schema: Schema): boolean {
  return schema['type'] === 'object' && schema['properties'] !== undefined;
}

function row(path: string, schema: Schema): Row {
  const fallback = schema['default'];
  return { path, type: typeOf(schema), default: fallback === undefined ? '' : `\`${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}\``, description: String(schema['description'] ?? '') };
}

function typeOf(schema: Schema): string {
  if (schema['const'] !== undefined) return `\`${JSON.stringify(schema['const'])}\``;
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema['format'] === 'duration') return 'duration';
  if (schema['format'] === 'size') return 'size';
  if (Array.isArray(schema['anyOf'])) return [...new Set((schema['anyOf'] as Schema[]).map(typeOf))].join(' \\| ');
  const type = schema['type'];
  if (Array.isArray(type)) return type.join(' \\| ');
  if (type === 'array') return `list of ${typeOf((schema['items'] as Schema | undefined) ?? {})}`;
  if (type === 'object' && schema['patternProperties'] !== undefined) return 'map of named entries';
  return typeof type === 'string' ? type : 'any';
}

/** Markdown table cells: no raw pipes or line breaks, and `<name>` shown rather than taken for HTML. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n+/g, ' ');
}
