/**
 * `tail`: a stream's events as NDJSON from the sidecar, followed until interrupted; or the dead
 * letters of a queue or subscription, polled for new ones (they have no feed of their own).
 */
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import { connectionOptions, intFlag, parseVerb, positionals } from '../args.js';
import { segment, SidecarClient } from '../client.js';
import type { VerbContext } from '../context.js';
import { exitCodes, UsageError } from '../failures.js';
import { count as plural, describeMessage, type WireMessage } from '../format.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

/** Often enough to feel live, rarely enough that a forgotten tail costs the broker nothing. */
const deadLetterPollMs = 1_000;

interface Meta {
  resources?: { streams?: Record<string, unknown>; queues?: Record<string, unknown> };
  subscriptions?: Array<{ name: string }>;
}

export async function tail(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, {
    ...connectionOptions,
    from: { type: 'string' },
    partition: { type: 'string' },
    limit: { type: 'string' },
    'no-follow': { type: 'boolean' },
    deadletter: { type: 'boolean' },
  });
  if (values.help) return help(context, 'tail');
  const [name] = positionals(given, ['name']);
  const limit = intFlag(values.limit, 'limit', 1, Number.MAX_SAFE_INTEGER);
  const partition = intFlag(values.partition, 'partition', 0, 9999);
  const from = values.from ?? 'earliest';
  if (!/^(earliest|latest|\d+|\d{4}-\d{2}-\d{2}T.+)$/.test(from)) throw new UsageError(`--from must be earliest, latest, an offset or an RFC 3339 time (got '${from}')`);
  const out = new Output(context.streams, { json: values.json === true });
  const client = SidecarClient.from(values, context.env);
  const follow = values['no-follow'] !== true;
  const deadLetters = values.deadletter === true || (await isDeadLetterSource(client, name!));
  if (deadLetters) {
    if (values.partition !== undefined || (from !== 'earliest' && from !== 'latest')) throw new UsageError('dead letters take only --from earliest|latest');
    await tailDeadLetters(context, client, out, name!, { from, follow, limit });
  } else {
    const query = new URLSearchParams({ from, follow: String(follow) });
    if (partition !== undefined) query.set('partition', String(partition));
    if (limit !== undefined) query.set('limit', String(limit));
    await tailStream(context, client, out, name!, query);
  }
  return exitCodes.ok;
}

/** A configured stream is a stream; a configured queue or subscription means its dead letters. */
async function isDeadLetterSource(client: SidecarClient, name: string): Promise<boolean> {
  const meta = await client.json<Meta>('GET', '/v1/meta');
  if (meta.resources?.streams?.[name] !== undefined) return false;
  return meta.resources?.queues?.[name] !== undefined || (meta.subscriptions ?? []).some((subscription) => subscription.name === name);
}

async function tailStream(context: VerbContext, client: SidecarClient, out: Output, name: string, query: URLSearchParams): Promise<void> {
  let response: Response;
  try {
    response = await client.request('GET', `/v1/stream/${segment(name)}?${query}`, { headers: { accept: 'application/x-ndjson' }, signal: context.signal });
  } catch (err) {
    if (context.signal.aborted) return;
    throw err;
  }
  let count = 0;
  let pending = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as WireMessage & { partition: number; offset: number | string; time?: string };
        count++;
        out.result(event, () => describeMessage(out, event, `${event.partition}:${event.offset}${event.time === undefined ? '' : `  ${event.time}`}`));
        out.progress(`${name}: ${plural(count, 'event')}, at ${event.partition}:${event.offset}`);
      }
    }
  } catch (err) {
    if (!context.signal.aborted) throw err;
  }
  out.clearProgress();
  out.note(`${plural(count, 'event')}`);
}

async function tailDeadLetters(context: VerbContext, client: SidecarClient, out: Output, name: string, options: { from: string; follow: boolean; limit: number | undefined }): Promise<void> {
  const seen = new Set<string>();
  let printed = 0;
  let first = true;
  while (!context.signal.aborted) {
    let letters: Array<WireMessage & { id: string; reason?: string; attempts?: number }>;
    try {
      letters = await client.json('GET', `/v1/deadletter/${segment(name)}?limit=1000`, { signal: context.signal });
    } catch (err) {
      if (context.signal.aborted) return;
      throw err;
    }
    for (const letter of letters) {
      if (seen.has(letter.id)) continue;
      seen.add(letter.id);
      if (first && options.from === 'latest') continue;
      out.result(letter, () => describeMessage(out, letter, `${letter.attempts ?? '?'} attempts  ${letter.reason ?? ''}`));
      printed++;
      if (options.limit !== undefined && printed >= options.limit) return;
    }
    first = false;
    if (!options.follow) return;
    out.progress(`${name}: ${plural(printed, 'dead letter')}, watching for more`, true);
    await sleepUnlessAborted(deadLetterPollMs, context.signal);
  }
  out.clearProgress();
}
