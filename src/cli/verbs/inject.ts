/** `outrigger inject`: Kubernetes YAML from a file or stdin, injected, on stdout. */
import { readFile } from 'node:fs/promises';
import { text as readAll } from 'node:stream/consumers';
import { durationFlag, intFlag, parseVerb, positionals } from '../args.js';
import type { VerbContext } from '../context.js';
import { CliFailure, exitCodes, UsageError } from '../failures.js';
import { injectYaml } from '../inject/documents.js';
import { Output } from '../output.js';
import { cliVersion } from './local.js';
import { help } from '../usage.js';

/** Kubernetes object names: DNS subdomains. */
const objectName = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export async function inject(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, {
    image: { type: 'string' },
    'config-map': { type: 'string' },
    secret: { type: 'string' },
    'app-port': { type: 'string' },
    'grace-period': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return help(context, 'inject');
  const [file] = positionals(given, [], ['FILE']);
  for (const flag of ['config-map', 'secret'] as const) {
    const value = values[flag];
    if (value !== undefined && !objectName.test(value)) throw new UsageError(`--${flag} must be a Kubernetes object name (lower-case letters, digits, '-' and '.'), got '${value}'`);
  }
  if (values.image !== undefined && (values.image === '' || /\s/.test(values.image))) throw new UsageError(`--image must be an image reference, got '${values.image}'`);
  const graceMs = durationFlag(values['grace-period'], 'grace-period') ?? 30_000;
  const options = {
    image: values.image ?? `outrigger:${cliVersion()}`,
    configMap: values['config-map'] ?? null,
    secret: values.secret ?? null,
    appPort: intFlag(values['app-port'], 'app-port', 1, 65535) ?? null,
    gracePeriodSeconds: Math.ceil(graceMs / 1000),
  };
  const text = file === undefined || file === '-' ? await readAll(context.stdin as AsyncIterable<Buffer>) : await readInput(file);
  const result = injectYaml(text, options);
  const out = new Output(context.streams, { json: false });
  if (result.refused.length > 0) {
    // Nothing on stdout: half a set of manifests piped into kubectl apply is worse than none.
    throw new CliFailure(exitCodes.failed, `cannot inject ${result.refused.length === 1 ? 'one resource' : `${result.refused.length} resources`}, nothing written:\n  ${result.refused.join('\n  ')}`);
  }
  context.streams.stdout.write(result.yaml);
  if (result.injected.length === 0) out.note('no Deployment, StatefulSet, DaemonSet, Job or CronJob found: written unchanged');
  else out.note(`injected ${result.injected.join(', ')}; each needs its ConfigMap (outrigger.yaml) and Secret (api-token)`);
  return exitCodes.ok;
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
