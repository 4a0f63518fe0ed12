/** `publish`, `send` and `append`: one event to a topic, a queue or a stream. */
import { connectionOptions, durationFlag, intFlag, parseVerb, positionals } from '../args.js';
import { segment, SidecarClient } from '../client.js';
import type { VerbContext } from '../context.js';
import { eventHeaders, eventOptions, readData } from '../event-input.js';
import { exitCodes, UsageError } from '../failures.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

export async function publish(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, { ...connectionOptions, ...eventOptions, 'ordering-key': { type: 'string' } });
  if (values.help) return help(context, 'publish');
  const [topic, data] = positionals(given, ['topic'], ['DATA']);
  const message = await eventFor(context, values, data);
  const { headers } = message;
  if (values['ordering-key'] !== undefined) headers['outrigger-ordering-key'] = values['ordering-key'];
  return post(context, values, `/v1/publish/${segment(topic!)}`, message, 'published');
}

export async function send(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, {
    ...connectionOptions,
    ...eventOptions,
    'ordering-key': { type: 'string' },
    delay: { type: 'string' },
    'not-before': { type: 'string' },
    ttl: { type: 'string' },
  });
  if (values.help) return help(context, 'send');
  const [queue, data] = positionals(given, ['queue'], ['DATA']);
  if (values.delay !== undefined && values['not-before'] !== undefined) throw new UsageError('give --delay or --not-before, not both');
  const message = await eventFor(context, values, data);
  const { headers } = message;
  if (values['ordering-key'] !== undefined) headers['outrigger-ordering-key'] = values['ordering-key'];
  const delay = durationFlag(values.delay, 'delay');
  if (delay !== undefined) headers['outrigger-delay'] = String(delay);
  if (values['not-before'] !== undefined) headers['outrigger-not-before'] = values['not-before'];
  const ttl = durationFlag(values.ttl, 'ttl');
  if (ttl !== undefined) headers['outrigger-ttl'] = String(ttl);
  return post(context, values, `/v1/command/${segment(queue!)}`, message, 'sent');
}

export async function append(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, {
    ...connectionOptions,
    ...eventOptions,
    'partition-key': { type: 'string' },
    partition: { type: 'string' },
  });
  if (values.help) return help(context, 'append');
  const [stream, data] = positionals(given, ['stream'], ['DATA']);
  if (values['partition-key'] !== undefined && values.partition !== undefined) throw new UsageError('give --partition-key or --partition, not both');
  const message = await eventFor(context, values, data);
  const { headers } = message;
  if (values['partition-key'] !== undefined) headers['outrigger-partition-key'] = values['partition-key'];
  const partition = intFlag(values.partition, 'partition', 0, 9999);
  if (partition !== undefined) headers['outrigger-partition'] = String(partition);
  return post(context, values, `/v1/stream/${segment(stream!)}`, message, 'appended');
}

type Flags = Parameters<typeof eventHeaders>[0] & { config?: string | undefined; url?: string | undefined; json?: boolean | undefined };

interface Message {
  body: Buffer;
  headers: Record<string, string>;
}

/** Read before connecting, so a bad @file is a usage error even with no sidecar. */
async function eventFor(context: VerbContext, flags: Flags, data: string | undefined): Promise<Message> {
  const body = await readData(data, context.stdin);
  return { body, headers: eventHeaders(flags, body) };
}

async function post(context: VerbContext, flags: Flags, path: string, message: Message, done: string): Promise<number> {
  const out = new Output(context.streams, { json: flags.json === true });
  const client = SidecarClient.from(flags, context.env);
  const receipt = await client.json<Record<string, unknown>>('POST', path, message);
  out.result(receipt, () => {
    const where = receipt['partition'] === undefined ? '' : ` partition ${String(receipt['partition'])} offset ${String(receipt['offset'])}`;
    const duplicate = receipt['duplicate'] === true ? out.style('yellow', ' (duplicate: the first id)') : '';
    return `${out.style('green', done)} ${String(receipt['id'])}${where}${duplicate}`;
  });
  return exitCodes.ok;
}
