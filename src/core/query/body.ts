/** Request and response bodies of queries: replay buffers for retries, and bounded reads. */
import { Readable } from 'node:stream';
import { OutriggerError } from '../../kernel/errors.js';

export type QueryBody = Uint8Array | AsyncIterable<Uint8Array> | undefined;

/**
 * A body up to this size is kept so that a retry can send it again; a larger one is streamed
 * through once and its call is never retried (Envoy's per-request buffer limit works the same way).
 */
export const replayBufferBytes = 64 * 1024;

export interface PreparedBody {
  /** True when every attempt can send the whole body. */
  replayable: boolean;
  /** What to hand to one attempt. */
  forAttempt(): Buffer | Readable | null;
}

const noBody: PreparedBody = { replayable: true, forAttempt: () => null };

/** A whole body, sent as it is by every attempt (a class: one object per query, no closure). */
class KeptBody implements PreparedBody {
  readonly replayable = true;

  constructor(private readonly buffer: Buffer) {}

  forAttempt(): Buffer {
    return this.buffer;
  }
}

/** A body to send, kept for retries when it is whole or fits `limit`; at once when it is already whole. */
export function prepareBody(body: QueryBody, limit = replayBufferBytes): PreparedBody | Promise<PreparedBody> {
  if (body === undefined) return noBody;
  if (body instanceof Uint8Array) {
    return new KeptBody(Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  }
  return keepUpTo(body, limit);
}

async function keepUpTo(body: AsyncIterable<Uint8Array>, limit: number): Promise<PreparedBody> {
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return new KeptBody(Buffer.concat(chunks, size));
    chunks.push(next.value);
    size += next.value.byteLength;
    if (size > limit) break;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* chunks;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { replayable: false, forAttempt: () => Readable.from(rest(), { objectMode: false }) };
}

/** The whole body, refusing (413) past `limit` bytes; `what` names it in the error. */
export async function readAll(body: QueryBody, limit: number, what: string): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  const chunks: Uint8Array[] = body instanceof Uint8Array ? [body] : [];
  let size = body instanceof Uint8Array ? body.byteLength : 0;
  if (!(body instanceof Uint8Array)) {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > limit) break;
      chunks.push(chunk);
    }
  }
  if (size > limit) throw new OutriggerError('payload_too_large', `${what} is larger than the limit of ${limit} bytes`, { extensions: { limit } });
  return Buffer.concat(chunks, size);
}

