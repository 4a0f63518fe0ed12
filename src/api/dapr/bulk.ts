/**
 * Dapr's bulk subscribe: deliveries of one route are gathered (up to maxMessagesCount, waiting at
 * most maxAwaitDurationMs after the first) and sent together: over HTTP as Dapr's bulk envelope
 * `{id, entries: [{entryId, event, contentType, metadata}], pubsubname, topic, type}` POSTed to
 * the route (httpBulkSend here), to a gRPC app as OnBulkTopicEventAlpha1 (grpc/app-callback.ts).
 * The app answers a status per entry and each message is settled by its own, by the same rules
 * as a single delivery; an entry the app does not answer for is retried. A failed call
 * (non-2xx or a gRPC error, timeout, unreachable) counts for every entry of it, as Dapr counts it.
 *
 * The pump still hands over messages one by one, each with its own lease and settlement: this
 * exchange only holds them until their batch is answered, so the guarantees stay per message.
 */
import { randomUUID } from 'node:crypto';
import type { AppClient } from '../../core/delivery/app-client.js';
import type { Exchange, Exchanged } from '../../core/delivery/exchange.js';
import type { AppAnswer } from '../../core/delivery/outcome.js';
import { ensureTraceparent } from '../../core/query/headers.js';
import type { Delivery, MessageHeaders } from '../../kernel/messages.js';
import { daprVerdict, routed, settleDapr, type DaprDelivering, type DaprSubscriptionPlan, type DaprVerdict } from './delivery.js';

/** The most bytes of statuses read back: about a hundred bytes an entry, with room. */
const answerMaxBytes = 1_048_576;

export interface BulkEntry {
  entryId: string;
  delivery: Delivery;
  envelope: Record<string, unknown>;
}

interface Entry extends BulkEntry {
  signal: AbortSignal;
  resolve(exchanged: Exchanged): void;
}

interface Batch {
  path: string;
  entries: Entry[];
  timer: NodeJS.Timeout;
}

/** How the call went, and each entry's status (upper case) when the app answered them. */
export interface BulkAnswer {
  answer: AppAnswer;
  statuses?: Map<string, string>;
}

/** Sends one batch to the app's route, by the app's protocol. */
export type BulkSend = (path: string, entries: readonly BulkEntry[], signal: AbortSignal) => Promise<BulkAnswer>;

export class DaprBulkExchange implements Exchange {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly delivering: DaprDelivering,
    private readonly sendBatch: BulkSend,
    private readonly bulk: { maxMessagesCount: number; maxAwaitDurationMs: number },
  ) {}

  exchange(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const route = routed(this.delivering, delivery);
    if (route === undefined) return Promise.resolve({ verdict: { action: 'ack' } });
    const { envelope, path } = route;
    return new Promise<Exchanged>((resolve) => {
      let batch = this.open.get(path);
      if (batch === undefined) {
        const timer = setTimeout(() => this.send(path), this.bulk.maxAwaitDurationMs);
        batch = { path, entries: [], timer };
        this.open.set(path, batch);
      }
      batch.entries.push({ entryId: randomUUID(), delivery, envelope, signal, resolve });
      if (batch.entries.length >= this.bulk.maxMessagesCount) this.send(path);
    });
  }

  private send(path: string): void {
    const batch = this.open.get(path);
    if (batch === undefined) return;
    this.open.delete(path);
    clearTimeout(batch.timer);
    void this.deliver(batch);
  }

  private async deliver({ path, entries }: Batch): Promise<void> {
    // Stopped when every message of it is being stopped (shutdown); one released message alone does not stop the rest.
    const stop = new AbortController();
    let live = entries.length;
    // One listener per message, even when they share a signal (the pump's, which outlives the batch).
    const listening: Array<[AbortSignal, () => void]> = [];
    for (const { signal } of entries) {
      const onAbort = (): void => {
        if (--live === 0) stop.abort();
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        listening.push([signal, onAbort]);
      }
    }
    let sent: BulkAnswer;
    try {
      sent = await this.sendBatch(path, entries, stop.signal);
    } finally {
      for (const [signal, onAbort] of listening) signal.removeEventListener('abort', onAbort);
    }
    const { answer, statuses } = sent;
    await Promise.all(
      entries.map(async (entry) => {
        const verdict: DaprVerdict = statuses === undefined ? daprVerdict(answer) : entryVerdict(statuses.get(entry.entryId));
        entry.resolve({ answer, verdict: await settleDapr(this.delivering, verdict, entry.delivery) });
      }),
    );
  }
}

/** Bulk deliveries to an HTTP app: Dapr's bulk envelope POSTed to the route. */
export function httpBulkSend(app: AppClient, appToken: string | null, plan: DaprSubscriptionPlan): BulkSend {
  return async (path, entries, signal) => {
    const body = {
      id: randomUUID(),
      entries: entries.map(({ entryId, envelope }) => ({ entryId, event: envelope, contentType: 'application/cloudevents+json', metadata: {} })),
      metadata: {},
      pubsubname: plan.pubsub,
      topic: plan.topic,
      type: bulkEventType,
    };
    const headers: MessageHeaders = { 'content-type': 'application/json', pubsubname: plan.pubsub };
    ensureTraceparent(headers);
    if (appToken !== null) headers['dapr-api-token'] = appToken;
    const response = await app.request({ method: 'POST', path, headers, body: Buffer.from(JSON.stringify(body)) }, plan.timeoutMs, signal, answerMaxBytes);
    if (response.kind === 'too_large') return { answer: { kind: 'status', status: 500, excerpt: `the bulk answer is larger than ${response.limit} bytes` } };
    if (response.kind !== 'response') return { answer: response };
    const answer: AppAnswer = { kind: 'status', status: response.status, excerpt: response.body.toString('utf8', 0, 256) };
    return response.status >= 200 && response.status < 300 ? { answer, statuses: statusesIn(response.body) } : { answer };
  };
}

export const bulkEventType = 'com.dapr.event.sent.bulk';

function statusesIn(body: Buffer): Map<string, string> {
  const found = new Map<string, string>();
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { statuses?: unknown };
    if (Array.isArray(parsed.statuses)) {
      for (const item of parsed.statuses as Array<Record<string, unknown>>) {
        if (typeof item?.entryId === 'string' && typeof item.status === 'string') found.set(item.entryId, item.status.toUpperCase());
      }
    }
  } catch {
    // No statuses: every entry is retried, below.
  }
  return found;
}

function entryVerdict(status: string | undefined): DaprVerdict {
  if (status === undefined) return { action: 'retry', reason: 'the app answered no status for this entry of the bulk delivery' };
  if (status === 'SUCCESS') return { action: 'ack' };
  if (status === 'DROP') return { action: 'drop', reason: 'app answered DROP' };
  return { action: 'retry', reason: status === 'RETRY' ? 'app answered RETRY' : `app answered an unknown status '${status}'` };
}
