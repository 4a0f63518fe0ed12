/** A test-side Consume stream: records every delivery, settles on request, and reports how it ended. */
import type { ClientDuplexStream, ServiceError, StatusObject } from '@grpc/grpc-js';
import { metadataFor, type GrpcClients, type Message } from './grpc.js';

export interface ConsumedDelivery {
  tag: number;
  id: string;
  attempt: number;
  redelivered: boolean;
  data: Buffer;
  type: string;
  stream: { partition: number; offset: number } | null;
}

export class ConsumeSession {
  readonly deliveries: ConsumedDelivery[] = [];
  readonly outstanding = new Map<number, ConsumedDelivery>();
  readonly settleFailures: Array<{ tag: number; code: string }> = [];
  /** The most deliveries that were unsettled at once. */
  maxOutstanding = 0;
  readonly subscribed: Promise<Message>;
  /** The final status: code 0 when the server ended it cleanly. */
  readonly ended: Promise<{ code: number; details: string; outriggerCode?: string }>;
  private readonly call: ClientDuplexStream<Record<string, unknown>, Message>;

  constructor(clients: GrpcClients, subscribe: Record<string, unknown>, token?: string) {
    this.call = clients.consume.Consume(metadataFor(token));
    let onSubscribed: (value: Message) => void = () => undefined;
    this.subscribed = new Promise((resolve) => (onSubscribed = resolve));
    this.call.on('data', (message: Message) => {
      if (message.subscribed) onSubscribed(message.subscribed);
      if (message.delivery) {
        const d = message.delivery;
        const delivery: ConsumedDelivery = { tag: d.tag, id: d.id, attempt: d.attempt, redelivered: d.redelivered, data: d.event.data, type: d.event.type, stream: d.stream };
        this.deliveries.push(delivery);
        this.outstanding.set(delivery.tag, delivery);
        this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding.size);
      }
      if (message.settleFailed) this.settleFailures.push({ tag: message.settleFailed.tag, code: message.settleFailed.code });
    });
    this.ended = new Promise((resolve) => {
      this.call.on('status', (status: StatusObject) => {
        const [code] = status.metadata.get('outrigger-code');
        resolve({ code: status.code, details: status.details, ...(typeof code === 'string' ? { outriggerCode: code } : {}) });
      });
      this.call.on('error', (_err: ServiceError) => undefined);
    });
    this.call.write({ subscribe });
  }

  ack(...tags: number[]): void {
    for (const tag of tags) this.outstanding.delete(tag);
    this.call.write({ ack: { tags } });
  }

  nack(tag: number, options: { retryAfterMs?: number; deadLetter?: boolean; reason?: string } = {}): void {
    this.outstanding.delete(tag);
    const retryAfter = options.retryAfterMs === undefined ? null : { seconds: Math.floor(options.retryAfterMs / 1000), nanos: (options.retryAfterMs % 1000) * 1e6 };
    this.call.write({ nack: { tag, retryAfter, deadLetter: options.deadLetter ?? false, reason: options.reason ?? '' } });
  }

  /** Sends a raw message on the stream (for protocol-violation tests). */
  write(message: Record<string, unknown>): void {
    this.call.write(message);
  }

  /** The client goes away without a word (as a crashed or disconnected client would). */
  cancel(): void {
    this.call.cancel();
  }

  /** The client says it is done (half-close). */
  end(): void {
    this.call.end();
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.deliveries.length} deliveries so far`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
