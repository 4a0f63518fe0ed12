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
import { deadletter } from './verbs/deadletter.js';
import { inject } from './verbs/inject.js';
import { schema, validate, version } from './verbs/local.js';
import { meta } from './verbs/meta.js';
import { append, publish, send } from './verbs/produce.js';
import { ack, nack, receive } from './verbs/receive.js';
import { tail } from './verbs/tail.js';

export interface DaemonRunOptions {
  config?: string | undefined;
  /** `--dev`: development mode even with NODE_ENV=production. */
  development: boolean;
}

export interface CliHooks {
  runDaemon(options: DaemonRunOptions): Promise<number>;
}

const verbs: Record<string, Verb> = { validate, schema, publish, send, append, receive, ack, nack, tail, deadletter, meta, inject, version };

export async function cli(argv: string[], hooks: CliHooks, io: Omit<VerbContext, 'args' | 'signal'> = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-');
  const verb = named ? first : 'run';
  const args = named ? rest : argv;
  try {
    if (verb === 'run') return await run(args, hooks, io, named);
    if (verb === 'help') return help(io, rest[0] ?? 'overview');
    const handler = verbs[verb];
    if (handler === undefined) {
      const near = closest(verb, [...Object.keys(verbs), 'run', 'help']);
      throw new UsageError(`unknown verb '${verb}'${near === undefined ? '' : ` (did you mean ${near}?)`}`);
    }
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
  if (values.version) return version({ ...io, args: [], signal: new AbortController().signal });
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
