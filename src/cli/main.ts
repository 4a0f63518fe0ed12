/**
 * `outrigger <verb>`: picks the verb, runs it, and turns every way it can end into an exit code
 * and at most a line or two on stderr. The daemon itself is started by the composition root
 * (src/main.ts), which hands it in as `runDaemon`: the CLI never imports core or drivers.
 */
import { closest } from '../kernel/suggest.js';
import { parseVerb } from './args.js';
import type { Verb, VerbContext } from './context.js';
import { CliFailure, exitCodes, UsageError } from './failures.js';
import { Output } from './output.js';
import { help, overview, verbUsage } from './usage.js';

export interface DaemonRunOptions {
  config?: string | undefined;
  /** `--dev`: development mode even with NODE_ENV=production. */
  development: boolean;
}

export interface CliHooks {
  runDaemon(options: DaemonRunOptions): Promise<number>;
}

/**
 * Each verb's module is loaded only when that verb runs: the daemon (`run`) then carries none of
 * them, nor what they import (the YAML writer of `inject`, the HTTP client of the others).
 */
const verbs: Record<string, () => Promise<Verb>> = {
  validate: async () => (await import('./verbs/local.js')).validate,
  schema: async () => (await import('./verbs/local.js')).schema,
  version: async () => (await import('./verbs/local.js')).version,
  publish: async () => (await import('./verbs/produce.js')).publish,
  send: async () => (await import('./verbs/produce.js')).send,
  append: async () => (await import('./verbs/produce.js')).append,
  receive: async () => (await import('./verbs/receive.js')).receive,
  ack: async () => (await import('./verbs/receive.js')).ack,
  nack: async () => (await import('./verbs/receive.js')).nack,
  tail: async () => (await import('./verbs/tail.js')).tail,
  deadletter: async () => (await import('./verbs/deadletter.js')).deadletter,
  meta: async () => (await import('./verbs/meta.js')).meta,
  inject: async () => (await import('./verbs/inject.js')).inject,
};

export async function cli(argv: string[], hooks: CliHooks, io: Omit<VerbContext, 'args' | 'signal'> = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-');
  const verb = named ? first : 'run';
  const args = named ? rest : argv;
  try {
    if (verb === 'run') return await run(args, hooks, io, named);
    if (verb === 'help') return help(io, rest[0] ?? 'overview');
    const load = verbs[verb];
    if (load === undefined) {
      const near = closest(verb, [...Object.keys(verbs), 'run', 'help']);
      throw new UsageError(`unknown verb '${verb}'${near === undefined ? '' : ` (did you mean ${near}?)`}`);
    }
    const handler = await load();
    io.streams.stdout.on('error', closedEarly);
    return await withSignals((signal) => handler({ ...io, args, signal }));
  } catch (err) {
    const out = new Output(io.streams, { json: args.includes('--json') });
    if (err instanceof Error && err.name === 'AbortError') {
      // Interrupted while waiting (receive --wait): whatever was asked may or may not have happened.
      out.error('interrupted before the sidecar answered');
      return exitCodes.failed;
    }
    if (!(err instanceof CliFailure)) throw err;
    out.error(err.message, err.problem);
    if (err instanceof UsageError) io.streams.stderr.write(`\n${verbUsage[verb] ?? overview()}\n`);
    return err.exitCode;
  }
}

/** `outrigger [run]`; `named`: the verb was written out, so --help is about it alone. */
async function run(args: string[], hooks: CliHooks, io: Omit<VerbContext, 'args' | 'signal'>, named: boolean): Promise<number> {
  const { values, positionals } = parseVerb(args, {
    config: { type: 'string', short: 'c' },
    dev: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  });
  if (values.help) return help(io, named ? 'run' : 'overview');
  if (values.version) return (await verbs.version!())({ ...io, args: [], signal: new AbortController().signal });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.dev && values.config !== undefined) throw new UsageError('--dev runs without a config file; drop --config (or set development: true in the file)');
  return hooks.runDaemon({ config: values.config, development: values.dev === true });
}

/** Following verbs (tail) end cleanly on Ctrl-C; the signal is theirs only while they run. */
async function withSignals(body: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** `outrigger tail x | head` closes the pipe early: that is the reader's choice, not a failure. */
function closedEarly(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(exitCodes.ok);
  process.stderr.write(`error: cannot write the output: ${err.message}\n`);
  process.exit(exitCodes.failed);
}

function processIo(): Omit<VerbContext, 'args' | 'signal'> {
  return { streams: { stdout: process.stdout, stderr: process.stderr }, stdin: process.stdin, env: process.env };
}
