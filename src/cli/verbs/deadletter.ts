/** `deadletter list` and `deadletter redrive`. */
import { connectionOptions, intFlag, parseVerb, positionals } from '../args.js';
import { segment, SidecarClient } from '../client.js';
import type { VerbContext } from '../context.js';
import { exitCodes, UsageError } from '../failures.js';
import { count, describeMessage, type WireMessage } from '../format.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

/** Redrive-all goes in batches of this many listed ids, so progress can be shown and counted. */
const batchSize = 500;

type DeadLetter = WireMessage & { id: string; reason?: string; attempts?: number; deadLetteredAt?: string };

export async function deadletter(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, { ...connectionOptions, limit: { type: 'string' }, ids: { type: 'string' } });
  if (values.help || given.length === 0) {
    if (given.length === 0 && !values.help) throw new UsageError('missing list or redrive');
    return help(context, 'deadletter');
  }
  const [action, name] = positionals(given, ['list|redrive', 'queue-or-subscription']);
  const out = new Output(context.streams, { json: values.json === true });
  const path = `/v1/deadletter/${segment(name!)}`;
  if (action === 'list') {
    if (values.ids !== undefined) throw new UsageError('--ids goes with redrive');
    const limit = intFlag(values.limit, 'limit', 1, 1000) ?? 100;
    const client = SidecarClient.from(values, context.env);
    const letters = await client.json<DeadLetter[]>('GET', `${path}?limit=${limit}`);
    for (const letter of letters) out.result(letter, () => describeMessage(out, letter, `${letter.attempts ?? '?'} attempts  ${letter.deadLetteredAt ?? ''}  ${letter.reason ?? ''}`));
    out.note(`${count(letters.length, 'dead letter')} in ${name}${letters.length === limit ? ` (the first ${limit}; --limit shows more)` : ''}`);
    return exitCodes.ok;
  }
  if (action !== 'redrive') throw new UsageError(`unknown action '${action}': list or redrive`);
  if (values.limit !== undefined) throw new UsageError('--limit goes with list');
  const client = SidecarClient.from(values, context.env);
  const ids = values.ids?.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const redriven = ids === undefined ? await redriveAll(client, out, path, name!) : await redriveIds(client, path, ids);
  out.result({ redriven }, `${out.style('green', 'redriven')} ${redriven} from ${name}`);
  return exitCodes.ok;
}

async function redriveIds(client: SidecarClient, path: string, ids: string[]): Promise<number> {
  const answer = await client.json<{ redriven: number }>('POST', `${path}/redrive`, { body: JSON.stringify({ ids }), headers: { 'content-type': 'application/json' } });
  return answer.redriven;
}

/**
 * Batch by batch from the oldest. A message that fails again at once comes back to the list
 * with an id already seen; stopping at a batch with nothing new keeps that from looping forever.
 */
async function redriveAll(client: SidecarClient, out: Output, path: string, name: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  while (true) {
    const letters = await client.json<DeadLetter[]>('GET', `${path}?limit=${batchSize}`);
    const fresh = letters.map((letter) => letter.id).filter((id) => !seen.has(id));
    if (fresh.length === 0) break;
    for (const id of fresh) seen.add(id);
    total += await redriveIds(client, path, fresh);
    out.progress(`${name}: redriven ${total}`, true);
    if (letters.length < batchSize) break;
  }
  out.clearProgress();
  return total;
}
