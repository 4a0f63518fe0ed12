/** `receive` (pull, print, optionally settle), `ack` and `nack`. */
import { connectionOptions, durationFlag, intFlag, parseVerb, positionals } from '../args.js';
import { segment, SidecarClient } from '../client.js';
import type { VerbContext } from '../context.js';
import { exitCodes, UsageError } from '../failures.js';
import { describeMessage, type WireMessage } from '../format.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

const settleOptions = {
  'retry-after': { type: 'string' },
  'dead-letter': { type: 'boolean' },
  reason: { type: 'string' },
} as const;

interface Delivery extends WireMessage {
  lease: string;
  attempt: number;
}

type Settle = { kind: 'ack' } | { kind: 'nack'; body: Record<string, unknown> };

export async function receive(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, {
    ...connectionOptions,
    ...settleOptions,
    max: { type: 'string' },
    wait: { type: 'string' },
    ack: { type: 'boolean' },
    nack: { type: 'boolean' },
  });
  if (values.help) return help(context, 'receive');
  const [queue] = positionals(given, ['queue']);
  const chosen = [values.ack, values.nack, values['dead-letter']].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('give one of --ack, --nack, --dead-letter');
  const settle: Settle | null = values.ack ? { kind: 'ack' } : values.nack || values['dead-letter'] ? { kind: 'nack', body: nackBody(values) } : null;
  const max = intFlag(values.max, 'max', 1, 1000) ?? 1;
  const wait = durationFlag(values.wait, 'wait') ?? 0;
  if (wait > 60_000) throw new UsageError('--wait is at most 60s');
  const out = new Output(context.streams, { json: values.json === true });
  const client = SidecarClient.from(values, context.env);
  const base = `/v1/command/${segment(queue!)}`;
  const deliveries = await client.json<Delivery[]>('POST', `${base}/receive?max=${max}&waitMs=${wait}`, { signal: context.signal });
  for (const delivery of deliveries) {
    if (settle !== null) await settleOne(client, base, delivery.lease, settle);
    const settled = settle === null ? null : settle.kind === 'ack' ? 'ack' : values['dead-letter'] ? 'dead-letter' : 'nack';
    out.result({ ...delivery, ...(settled === null ? {} : { settled }) }, () =>
      describeMessage(out, delivery, `attempt ${delivery.attempt}${settled === null ? `  lease ${delivery.lease}` : `  ${settled}`}`),
    );
  }
  if (deliveries.length === 0) out.note(`no message in ${queue}`);
  else if (settle === null) out.note(`leased: settle with 'outrigger ack ${queue} <lease>' (or nack), else delivered again when the lease runs out`);
  return exitCodes.ok;
}

export async function ack(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, connectionOptions);
  if (values.help) return help(context, 'ack');
  const [queue, lease] = positionals(given, ['queue', 'lease']);
  return settleVerb(context, values, queue!, lease!, { kind: 'ack' });
}

export async function nack(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, { ...connectionOptions, ...settleOptions });
  if (values.help) return help(context, 'nack');
  const [queue, lease] = positionals(given, ['queue', 'lease']);
  return settleVerb(context, values, queue!, lease!, { kind: 'nack', body: nackBody(values) });
}

async function settleVerb(context: VerbContext, flags: { json?: boolean | undefined; config?: string | undefined; url?: string | undefined }, queue: string, lease: string, settle: Settle): Promise<number> {
  const out = new Output(context.streams, { json: flags.json === true });
  await settleOne(SidecarClient.from(flags, context.env), `/v1/command/${segment(queue)}`, lease, settle);
  out.result({ lease, settled: settle.kind }, `${out.style('green', settle.kind === 'ack' ? 'acknowledged' : 'handed back')} ${lease}`);
  return exitCodes.ok;
}

function nackBody(values: { 'retry-after'?: string | undefined; 'dead-letter'?: boolean | undefined; reason?: string | undefined }): Record<string, unknown> {
  if (values['dead-letter'] && values['retry-after'] !== undefined) throw new UsageError('--retry-after and --dead-letter do not go together');
  if (values.reason !== undefined && !values['dead-letter']) throw new UsageError('--reason goes with --dead-letter');
  const retryAfterMs = durationFlag(values['retry-after'], 'retry-after');
  return {
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(values['dead-letter'] ? { deadLetter: true } : {}),
    ...(values.reason === undefined ? {} : { reason: values.reason }),
  };
}

async function settleOne(client: SidecarClient, base: string, lease: string, settle: Settle): Promise<void> {
  const body = settle.kind === 'ack' ? { lease } : { lease, ...settle.body };
  await client.request('POST', `${base}/${settle.kind}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}
