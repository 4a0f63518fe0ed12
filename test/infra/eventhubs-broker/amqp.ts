/**
 * The rhea plumbing of the Event Hubs test broker: what rhea's typings leave out, reading link
 * termini, request/response replies, batch envelopes and the values the SDK puts on the wire.
 */
import rhea, { type Connection, type Message, type Receiver, type Sender } from 'rhea';

/** Replies on the client's receiver whose target is the request's reply-to, else on one reading from the node ($cbs names no target). */
export function reply(connection: Connection, node: string, request: Message, properties: Record<string, unknown>, body?: unknown): void {
  const find = (connection as unknown as { find_sender(filter: (link: Sender) => boolean): Sender | undefined }).find_sender.bind(connection);
  const remote = (link: Sender): RawLink['remote']['attach'] => raw(link).remote.attach;
  const link = find((l) => request.reply_to !== undefined && remote(l)?.target?.address === request.reply_to) ?? find((l) => remote(l)?.source?.address === node);
  link?.send({ correlation_id: request.message_id, application_properties: properties, body: body ?? null } as Message);
}

export function partitionKeyOf(message: Message): string | undefined {
  const key = (message.message_annotations as Record<string, unknown> | undefined)?.['x-opt-partition-key'];
  return key === undefined || key === null ? undefined : String(key);
}

/** One data section per event: rhea gives a section whose content is a Buffer (one) or an array (several). */
export function unbatch(envelope: Message): { message: Message; size: number }[] {
  const body = envelope.body as { content?: unknown } | Buffer | undefined;
  const content = body === undefined || Buffer.isBuffer(body) ? body : body.content;
  const sections = Array.isArray(content) ? (content as Buffer[]) : Buffer.isBuffer(content) ? [content] : [];
  return sections.map((section) => ({ message: decode(section), size: section.length }));
}

/** The filter value, described (`apache.org:selector-filter:string`) or plain. */
export function selectorOf(filter: unknown): string | undefined {
  if (filter === undefined || filter === null) return undefined;
  let value: unknown = (filter as Record<string, unknown>)['apache.org:selector-filter:string'];
  while (value !== null && typeof value === 'object' && 'value' in value) value = (value as { value: unknown }).value;
  return value === undefined ? undefined : String(value);
}

export function targetAddress(link: Receiver): string {
  return raw(link).remote.attach?.target?.address ?? '';
}

export function sourceAddress(link: Sender): string {
  return raw(link).remote.attach?.source?.address ?? '';
}

/** Echoes the client's source and target so the attach is not read as a refusal. */
export function mirrorTermini(link: Sender | Receiver): void {
  const remote = raw(link).remote.attach;
  if (remote?.source) raw(link).set_source(remote.source);
  if (remote?.target) raw(link).set_target(remote.target);
}

export function closeLink(link: Sender | Receiver, condition: string, description: string): void {
  link.close({ condition, description });
}

/** The parts of rhea's links its typings leave out. */
export interface RawLink {
  local: { attach: Record<string, unknown> };
  remote: {
    attach?: {
      source?: { address?: string; filter?: unknown };
      target?: { address?: string };
      rcv_settle_mode?: unknown;
      snd_settle_mode?: unknown;
      properties?: Record<string, unknown>;
      desired_capabilities?: unknown;
    };
  };
  set_source(fields: unknown): void;
  set_target(fields: unknown): void;
}

export function raw(link: Sender | Receiver): RawLink {
  return link as unknown as RawLink;
}

export function decode(buffer: Buffer): Message {
  return rhea.message.decode(buffer) as unknown as Message;
}

export function encodedSize(message: Message): number {
  return rhea.message.encode(message as unknown as Parameters<typeof rhea.message.encode>[0]).length;
}

export function toOptionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return Number(value.readBigInt64BE(0));
  if (typeof value === 'object' && 'value' in value) return toOptionalNumber((value as { value: unknown }).value);
  return Number(value);
}
