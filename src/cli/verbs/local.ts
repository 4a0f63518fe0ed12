/** Verbs that need no sidecar: `validate`, `schema`, `version`. */
import { readFileSync } from 'node:fs';
import { configJsonSchema } from '../../config/json-schema.js';
import { validateConfigFile } from '../../config/load.js';
import { helpOptions, parseVerb, positionals } from '../args.js';
import type { VerbContext } from '../context.js';
import { exitCodes, UsageError } from '../failures.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

export async function validate(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, { ...helpOptions, config: { type: 'string', short: 'c' } });
  if (values.help) return help(context, 'validate');
  const [argument] = positionals(given, [], ['FILE']);
  const file = argument ?? values.config ?? (context.env['OUTRIGGER_CONFIG'] || undefined);
  if (file === undefined) throw new UsageError('missing FILE (or --config, or OUTRIGGER_CONFIG)');
  const out = new Output(context.streams, { json: values.json === true });
  const result = validateConfigFile(file, context.env);
  if (result.ok) {
    out.result({ file, valid: true, problems: [] }, `${file}: ${out.style('green', 'valid')}`);
    return exitCodes.ok;
  }
  // Problems are diagnostics: always on stderr as lines a person reads, whatever stdout gets.
  const count = `${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`;
  context.streams.stderr.write([`${file}: ${count}`, ...result.problems.map((p) => (p.path === '' ? `  ${p.message}` : `  ${p.path}: ${p.message}`))].join('\n') + '\n');
  if (out.json) out.result({ file, valid: false, problems: result.problems }, '');
  return exitCodes.failed;
}

export async function schema(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, helpOptions);
  if (values.help) return help(context, 'schema');
  positionals(given, []);
  context.streams.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return exitCodes.ok;
}

export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function version(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, helpOptions);
  if (values.help) return help(context, 'version');
  positionals(given, []);
  // `outrigger --version` has always printed the bare version; scripts read it.
  const out = new Output(context.streams, { json: values.json === true });
  if (out.json && values.json !== true) context.streams.stdout.write(`${cliVersion()}\n`);
  else out.result({ version: cliVersion(), node: process.version }, `outrigger ${cliVersion()} (Node ${process.version})`);
  return exitCodes.ok;
}
