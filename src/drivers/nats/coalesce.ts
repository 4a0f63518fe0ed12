/**
 * Publishes started within one turn of the event loop leave in one socket write. The NATS client
 * flushes what it has queued on a microtask, so publishes started by separate I/O callbacks (each
 * HTTP request its own) would each be a write of their own, and a read of its own on the server;
 * held until setImmediate, every publish started in that poll phase goes in the same write, as
 * node-redis does with its commands. Publishes are issued in the order they were asked for, so
 * the server stores them in that order (a repeated Nats-Msg-Id is suppressed against the earlier).
 */
import type { JetStreamClient, JetStreamPublishOptions, PubAck } from '@nats-io/jetstream';

interface Waiting {
  subject: string;
  data: Uint8Array | string;
  options: Partial<JetStreamPublishOptions> | undefined;
  resolve(ack: PubAck): void;
  reject(err: unknown): void;
}

export class PublishCoalescer {
  readonly #js: JetStreamClient;
  #waiting: Waiting[] = [];

  constructor(js: JetStreamClient) {
    this.#js = js;
  }

  publish(subject: string, data: Uint8Array | string, options?: Partial<JetStreamPublishOptions>): Promise<PubAck> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.push({ subject, data, options, resolve, reject }) === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    // Each publish queues its PUB synchronously, before its first await: the whole batch is one write.
    for (const { subject, data, options, resolve, reject } of batch) this.#js.publish(subject, data, options).then(resolve, reject);
  }
}
