/**
 * The webhook port's life: opened only when webhooks are configured, on server.webhookAddr
 * (default 0.0.0.0:7703), with one AppClient for all webhook pushes. On shutdown it refuses new
 * deliveries first (drain: 503, Event Grid retries them), lets pushes in flight finish until the
 * deadline, then stops them (Event Grid is answered 503) and closes.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutriggerConfig } from '../../config/types.js';
import { defaults } from '../../config/defaults.js';
import { AppClient } from '../../core/delivery/app-client.js';
import { WebhookDelivery } from '../../core/webhook/delivery.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { createWebhookServer } from './server.js';

export class WebhookListener {
  readonly #server: Server;
  readonly #address: string;
  readonly #app: AppClient | undefined;
  readonly #draining: AbortController;
  readonly #closing: AbortController;

  private constructor(server: Server, address: string, app: AppClient | undefined, signals: { draining: AbortController; closing: AbortController }) {
    this.#server = server;
    this.#address = address;
    this.#app = app;
    this.#draining = signals.draining;
    this.#closing = signals.closing;
  }

  /** Undefined when no webhook is configured: then nothing listens. */
  static create(config: OutriggerConfig, metrics: Metrics, logger: Logger): WebhookListener | undefined {
    const configured = Object.entries(config.webhooks ?? {});
    if (configured.length === 0) return undefined;
    const connections = configured.flatMap(([, w]) => w.subscriptions).reduce((sum, s) => sum + s.concurrency, 0);
    const app = config.app.url === null || connections === 0 ? undefined : new AppClient(config.app.url, connections);
    const webhooks = new Map(configured.map(([name, webhook]) => [name, new WebhookDelivery(name, webhook, app, metrics, logger)]));
    const signals = { draining: new AbortController(), closing: new AbortController() };
    const server = createWebhookServer({ webhooks, logger, draining: signals.draining.signal, closing: signals.closing.signal });
    return new WebhookListener(server, config.server.webhookAddr ?? defaults.webhookAddr, app, signals);
  }

  listen(): Promise<void> {
    const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(this.#address);
    if (match === null) throw new Error(`invalid webhook address '${this.#address}'`);
    const host = match[1] ?? (match[2] || '0.0.0.0');
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(Number(match[3]), host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  get address(): string {
    const address = this.#server.address() as AddressInfo | null;
    if (address === null) return '';
    return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
  }

  /** New deliveries get 503 from now on. */
  drain(): void {
    this.#draining.abort();
  }

  /** Pushes in flight get until `deadline`; then they are stopped and the port closes. */
  async close(deadline: number): Promise<void> {
    this.drain();
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    const timer = setTimeout(() => {
      this.#closing.abort();
      // Answers to stopped pushes go out first; then whatever is left is cut.
      setTimeout(() => this.#server.closeAllConnections(), 100).unref();
    }, Math.max(0, deadline - Date.now()));
    await closed;
    clearTimeout(timer);
    await this.#app?.close();
  }
}
