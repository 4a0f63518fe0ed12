/**
 * Receive watchdog. A receiver link can go quiet without failing: after a network outage the
 * client may still think the link is attached while nothing is delivered and a drain is never
 * answered, and the SDK's receiveMessages then waits with no end. Such a receiver is detected
 * here: a receive that has not returned `stallMs` after its own wait ended is aborted, the
 * receiver is reported stalled (the inbox closes it and attaches a fresh one on the next call),
 * and the call returns no messages rather than hanging the consumer. A receiver whose link the
 * SDK reports closed for good is replaced the same way before it is used.
 *
 * A stall also means the connection under it is suspect (a half-open TCP connection looks exactly
 * like this, and AMQP heartbeats take a minute or more to notice): the socket is aborted, which
 * makes the SDK reconnect and re-attach at once, as after any dropped connection. (The SDK itself
 * closes a link whose drain goes unanswered, but then waits for the detach on the dead connection.)
 */
import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';

export interface GuardedReceive {
  messages: ServiceBusReceivedMessage[];
  /** True when the watchdog gave up on this receiver: close it and never reuse it. */
  stalled: boolean;
}

/**
 * How long a receive goes on collecting after its first message. The SDK's receiveMessages waits
 * up to a fixed second after the first message for the rest of the batch, which would hold a lone
 * message back for a second whenever fewer than `max` are waiting; so the first message is
 * long-polled alone and the rest are taken in a second call that waits only this long.
 */
export const BURST_MS = 20;

/** A receive bounded by the watchdog: at most waitMs + BURST_MS + stallMs, whatever the link does. */
export async function guardedReceive(
  receiver: ServiceBusReceiver,
  max: number,
  options: { waitMs: number; stallMs: number; signal?: AbortSignal },
): Promise<GuardedReceive> {
  const watchdog = new AbortController();
  const signal = options.signal === undefined ? watchdog.signal : AbortSignal.any([watchdog.signal, options.signal]);
  const timer = setTimeout(() => watchdog.abort(), Math.max(1, options.waitMs) + BURST_MS + options.stallMs);
  try {
    const messages = await receiver.receiveMessages(1, { maxWaitTimeInMs: Math.max(1, options.waitMs), abortSignal: signal });
    if (messages.length > 0 && max > 1) {
      // What the first call took is handed out even if the second fails (the next call will fail
      // too and replace the receiver): dropping it would leave it locked until its lock expires.
      messages.push(...(await receiver.receiveMessages(max - 1, { maxWaitTimeInMs: BURST_MS, abortSignal: signal }).catch(() => [])));
    }
    return { messages, stalled: false };
  } catch (err) {
    if (watchdog.signal.aborted && options.signal?.aborted !== true) return { messages: [], stalled: true };
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The SDK marks a receiver closed when it was closed or its link failed beyond recovery. */
export function isUsable(receiver: ServiceBusReceiver): boolean {
  return !receiver.isClosed;
}

/** The SDK keeps its connection private; aborting its socket is the one thing done with it here. */
interface ConnectionInternals {
  _connectionContext?: { connection?: { _connection?: { socket?: unknown; abort_socket?(socket: unknown): void } } };
}

/** Aborts the client's socket so that the SDK reconnects now; false when there was none to abort. */
export function abortConnection(client: ServiceBusClient): boolean {
  const raw = (client as unknown as ConnectionInternals)._connectionContext?.connection?._connection;
  if (raw?.socket === undefined || typeof raw.abort_socket !== 'function') return false;
  raw.abort_socket(raw.socket);
  return true;
}
