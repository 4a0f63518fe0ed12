/**
 * One receive as raw JetStream pull requests, so that the wait is exactly the caller's waitMs
 * (the SDK's fetch refuses to wait less than a second) and a receive returns as soon as
 * anything is there:
 *   1. a `no_wait` request for up to `max` messages takes whatever is ready now;
 *   2. if nothing was, one request for a single message waits up to waitMs; a request for more
 *      would hold the server's remaining slots open after we returned, and messages sent into
 *      them would wait out their ack wait unseen;
 *   3. when that one arrives, another `no_wait` request tops the batch up.
 * On abort the subscription is dropped, which withdraws the server's interest in the request.
 */
import { createInbox, type Msg, type NatsConnection } from '@nats-io/transport-node';

export interface PullOptions {
  max: number;
  waitMs: number;
  signal?: AbortSignal;
}

export async function pull(nc: NatsConnection, stream: string, consumer: string, options: PullOptions): Promise<Msg[]> {
  const subject = `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`;
  const ready = await request(nc, subject, options.max, 0, options.signal);
  if (ready.length > 0 || options.waitMs <= 0 || options.signal?.aborted) return ready;
  const first = await request(nc, subject, 1, options.waitMs, options.signal);
  if (first.length === 0 || options.max === 1 || options.signal?.aborted) return first;
  return [...first, ...(await request(nc, subject, options.max - 1, 0, options.signal))];
}

/**
 * One request that the server ends itself after `waitMs` (> 0), for a consumer with
 * max_ack_pending: there a `no_wait` request finds messages pending but none it may hand out,
 * and is kept waiting without end, until a message is handed to it long after we stopped
 * listening (measured on nats-server 2.9).
 */
export function pullWithin(nc: NatsConnection, stream: string, consumer: string, options: PullOptions): Promise<Msg[]> {
  return request(nc, `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`, options.max, Math.max(1, options.waitMs), options.signal);
}

/** A pull status that ends a request: 404 no messages, 408 request expired, 409 consumer gone or limits. */
export class PullStatus {
  readonly code: number;
  readonly description: string;
  constructor(code: number, description: string) {
    this.code = code;
    this.description = description;
  }
}

function request(nc: NatsConnection, subject: string, batch: number, waitMs: number, signal: AbortSignal | undefined): Promise<Msg[]> {
  return new Promise((resolve, reject) => {
    const got: Msg[] = [];
    const inbox = createInbox();
    let done = false;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(guard);
      sub.unsubscribe();
      if (error === undefined) resolve(got);
      else reject(error);
    };
    const onAbort = (): void => finish();
    const sub = nc.subscribe(inbox, {
      callback: (err, msg) => {
        if (err !== null) return finish(err);
        if (isStatus(msg)) {
          const code = msg.headers?.code ?? 0;
          // 409 "Consumer Deleted" or "Exceeded MaxWaiting": the request is over either way.
          if (code === 409 && /deleted/i.test(msg.headers?.description ?? '')) return finish(new PullStatus(code, msg.headers?.description ?? ''));
          return finish();
        }
        got.push(msg);
        if (got.length >= batch) finish();
      },
    });
    // A drained or closed connection ends the subscription without a message.
    void sub.closed.then(() => finish());
    // The server ends the request itself (404/408); this guard covers a lost status message.
    const guard = setTimeout(() => finish(), waitMs + 5000);
    signal?.addEventListener('abort', onAbort, { once: true });
    const body = waitMs > 0 ? { batch, expires: waitMs * 1_000_000 } : { batch, no_wait: true };
    try {
      nc.publish(subject, JSON.stringify(body), { reply: inbox });
    } catch (err) {
      finish(err);
    }
  });
}

/** A status message has no body and a code, and is not a delivery (which has an ack subject). */
function isStatus(msg: Msg): boolean {
  return msg.data.length === 0 && msg.headers !== undefined && msg.headers.code > 0 && !(msg.reply ?? '').startsWith('$JS.ACK');
}
