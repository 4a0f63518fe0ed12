/**
 * Wires config, drivers, interactions, servers and subscriptions together, and takes them
 * down again in the order PRODUCT.md gives:
 *   not ready -> stop taking messages -> finish or release in-flight deliveries -> keep the API
 *   answering until the app is quiet -> close the API -> close brokers -> close admin.
 * gRPC Consume streams are in-flight deliveries too: they drain beside the push subscriptions.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAdminServer } from './api/admin/server.js';
import { apiListener, type GrpcListener } from './api/grpc/listener.js';
import { createHttpApi } from './api/http/server.js';
import { addressOf, listen } from './api/listen.js';
import type { WebhookListener } from './api/webhook/listener.js';
import type { DaprListener } from './api/dapr/listener.js';
import type { OutriggerConfig } from './config/types.js';
import { brokerReadings } from './core/broker-readings.js';
import { HandedBack } from './core/delivery/handed-back.js';
import { Subscriptions } from './core/delivery/subscriptions.js';
import { instrumentDriver } from './core/instrumented-driver.js';
import { resilientDriver } from './core/resilient-driver.js';
import { builtInBrokerPolicy } from './config/policies.js';
import { Interactions } from './core/interactions.js';
import { QueryService } from './core/query/service.js';
import { Resources } from './core/resources.js';
import { ApiActivity } from './core/service/activity.js';
import type { Driver } from './drivers/contract.js';
import { driverRegistry } from './drivers/registry.js';
import { createLogger, type Logger } from './observability/logger.js';
import { Metrics } from './observability/metrics.js';
import { brokerGaugeRefresher } from './observability/broker-gauges.js';
import { startTracing, stopTracing } from './observability/tracing/start.js';
import { noTracing, type Tracing } from './observability/tracing/tracing.js';
import { traceDriver } from './core/traced-driver.js';

/** After draining, the API stays open until it has been idle this long (or the grace period ends). */
const apiQuietMs = 1_000;
/** How long brokers get to confirm the writes already made when they close, even past the grace period. */
const brokerCloseFloorMs = 1_000;

export interface DaemonAddresses {
  http: string;
  grpc: string;
  admin: string;
  /** Only when webhooks are configured. */
  webhook?: string;
  /** Only when the Dapr-compatible API is configured. */
  dapr?: string;
  /** Only when the Dapr-compatible API is configured. */
  daprGrpc?: string;
}

/** The gRPC API with what the daemon drives it by. */
interface GrpcParts {
  api: GrpcListener;
  /** Aborted when draining starts: Consume stops, health turns NOT_SERVING. */
  draining: AbortController;
}

export class Daemon {
  private draining = false;
  /** Set once every listener is up and the subscriptions run: ready means the APIs answer. */
  private started = false;
  private closed: Promise<void> | undefined;
  private readonly closing = new AbortController();
  private tracing: Tracing = noTracing;

  private constructor(
    readonly config: OutriggerConfig,
    readonly logger: Logger,
    readonly metrics: Metrics,
    private readonly drivers: Map<string, Driver>,
    private readonly subscriptions: Subscriptions,
    private readonly http: Server,
    private readonly grpc: GrpcParts,
    private readonly admin: Server,
    private readonly apiActivity: ApiActivity,
    private readonly webhooks: WebhookListener | undefined,
    private readonly handedBack: HandedBack,
    private readonly interactions: Interactions,
    private readonly dapr: DaprListener | undefined,
  ) {}

  static async start(config: OutriggerConfig, options: { logger?: Logger } = {}): Promise<Daemon> {
    const started = performance.now();
    const logger = options.logger ?? createLogger(config.logging.level);
    const metrics = new Metrics();
    const tracing = await startTracing(config.tracing, metrics, logger);
    const drivers = new Map<string, Driver>();
    for (const [name, broker] of Object.entries(config.brokers)) {
      const entry = driverRegistry[broker.driver];
      if (entry === undefined) throw new Error(`broker ${name}: unknown driver ${broker.driver}`);
      const driver = await entry.create({ name, settings: broker.settings, dataDir: config.dataDir });
      const policy = broker.policy === undefined ? { name: 'built-in broker policy', config: builtInBrokerPolicy } : { name: broker.policy, config: config.policies[broker.policy]! };
      const wrapped = resilientDriver(instrumentDriver(driver, name, metrics), name, policy, metrics, logger);
      drivers.set(name, tracing.enabled ? traceDriver(wrapped) : wrapped);
    }
    const resources = new Resources(config, drivers);
    const handedBack = new HandedBack(join(config.dataDir, 'handed-back.json'), logger);
    await handedBack.load();
    const subscriptions = new Subscriptions(config, resources, metrics, logger, handedBack);
    const queries = new QueryService(config, resources, drivers, metrics, logger);
    const [activity, draining] = [new ApiActivity(), new AbortController()];
    const interactions = new Interactions(config, resources, drivers, subscriptions, queries, draining.signal, { metrics, logger, handedBack });

    // Ready only once start-up has finished: the API ports listen and the subscriptions run.
    const holder: { daemon?: Daemon } = {};
    const admin = createAdminServer(metrics, {
      readiness: () => holder.daemon?.readiness() ?? { ready: false, detail: { starting: true } },
      beforeScrape: brokerGaugeRefresher(config, brokerReadings(resources, drivers), metrics, logger),
    });
    await listen(admin, config.server.adminAddr);

    const closing = new AbortController();
    const http = createHttpApi({ interactions, server: config.server, logger, activity }, metrics);
    const grpcApi = apiListener({
      interactions,
      server: config.server,
      logger,
      metrics,
      closing: closing.signal,
      draining: draining.signal,
      ready: () => holder.daemon?.readiness().ready ?? false,
      activity,
    });
    const grpcParts: GrpcParts = { api: grpcApi, draining };
    // Loaded only when configured: the webhook brings jose (token checks), the Dapr API its routes.
    const webhooks = Object.keys(config.webhooks ?? {}).length === 0 ? undefined : (await import('./api/webhook/listener.js')).WebhookListener.create(config, metrics, logger);
    const dapr = config.dapr === undefined
      ? undefined
      : new (await import('./api/dapr/listener.js')).DaprListener({ config, dapr: config.dapr, interactions, subscriptions, metrics, logger, activity, ready: () => holder.daemon?.readiness().ready ?? false });
    const daemon = new Daemon(config, logger, metrics, drivers, subscriptions, http, grpcParts, admin, activity, webhooks, handedBack, interactions, dapr);
    holder.daemon = daemon;
    daemon.tracing = tracing;
    daemon.closing.signal.addEventListener('abort', () => closing.abort());
    // The API is quiet (or out of time) by then; query pools finish what is in flight as they close.
    daemon.closing.signal.addEventListener('abort', () => void queries.close());

    try {
      await Promise.all([...drivers.values()].map((driver) => driver.connect()));
      await resources.prepareAll();
      await listen(http, config.server.httpAddr);
      await grpcParts.api.listen(config.server.grpcAddr);
      await subscriptions.start();
      await webhooks?.listen();
      if (dapr !== undefined && config.dapr !== undefined) {
        await listen(dapr.server, config.dapr.httpAddr);
        await dapr.grpc.listen(config.dapr.grpcAddr);
        dapr.discover();
      }
    } catch (err) {
      await daemon.shutdown('start-up failed');
      throw err;
    }
    daemon.started = true;
    metrics.ready.set(1);
    logger.info(
      { http: daemon.addresses.http, grpc: daemon.addresses.grpc, admin: daemon.addresses.admin, ...(webhooks === undefined ? {} : { webhook: daemon.addresses.webhook }), ...(dapr === undefined ? {} : { dapr: daemon.addresses.dapr, daprGrpc: daemon.addresses.daprGrpc }), development: config.development, config: config.source, startupMs: Math.round(performance.now() - started) },
      'outrigger ready',
    );
    return daemon;
  }

  get addresses(): DaemonAddresses {
    const addresses: DaemonAddresses = { http: addressOf(this.http), grpc: this.grpc.api.address, admin: addressOf(this.admin) };
    if (this.webhooks !== undefined) addresses.webhook = this.webhooks.address;
    if (this.dapr !== undefined) {
      addresses.dapr = addressOf(this.dapr.server);
      addresses.daprGrpc = this.dapr.grpc.address;
    }
    return addresses;
  }

  readiness(): { ready: boolean; detail: Record<string, unknown> } {
    const brokers = Object.fromEntries([...this.drivers].map(([name, driver]) => [name, driver.isConnected()]));
    const subscriptionsRunning = this.subscriptions.allRunning();
    // A subscription that cannot receive (its queue gone or leaderless) delivers nothing, while its broker is connected.
    const failing = this.subscriptions.failing();
    const receiving = Object.keys(failing).length === 0;
    const ready = this.started && !this.draining && subscriptionsRunning && receiving && Object.values(brokers).every(Boolean);
    return { ready, detail: { starting: !this.started, draining: this.draining, brokers, subscriptionsRunning, ...(receiving ? {} : { subscriptionsFailing: failing }) } };
  }

  /**
   * The graceful shutdown. A second call (a second SIGINT or SIGTERM: someone at a terminal who
   * will not wait) does not start another: it ends the grace period now, releasing every delivery
   * still at the app, and the first call's promise settles once everything is closed.
   */
  shutdown(reason: string): Promise<void> {
    if (this.closed !== undefined) this.hurry(reason);
    this.closed ??= this.runShutdown(reason);
    return this.closed;
  }

  /** When the grace period ends; moved to now by a second signal. */
  private deadline = Number.POSITIVE_INFINITY;

  private hurry(reason: string): void {
    if (this.deadline <= Date.now()) return;
    this.logger.warn({ reason }, 'second signal: releasing in-flight deliveries now and stopping');
    this.deadline = Date.now();
    this.subscriptions.releaseNow();
    this.interactions.consumers.releaseNow();
    this.http.closeAllConnections();
    this.dapr?.server.closeAllConnections();
    this.dapr?.grpc.cut();
    this.grpc.api.cut();
  }

  private async runShutdown(reason: string): Promise<void> {
    this.deadline = Date.now() + this.config.shutdown.gracePeriodMs;
    this.logger.info({ reason, gracePeriodMs: this.config.shutdown.gracePeriodMs }, 'shutting down');
    this.draining = true;
    this.metrics.ready.set(0);
    this.grpc.draining.abort();
    // Event Grid retries what the webhook refuses now, elsewhere or later.
    this.webhooks?.drain();
    this.dapr?.drain();
    const handedBackBefore = this.handedBack.marked;
    const [released] = await Promise.all([this.subscriptions.stop(this.deadline), this.grpc.api.drain(this.deadline), this.webhooks?.close(this.deadline)]);
    this.logReleasedSummary(released, this.handedBack.marked - handedBackBefore);
    await this.handedBack.save();
    await this.waitForQuietApi();
    this.closing.abort();
    const deadline = this.deadline;
    await Promise.all([closeServer(this.http, deadline), this.grpc.api.close(deadline), ...(this.dapr === undefined ? [] : [closeServer(this.dapr.server, deadline), this.dapr.close(deadline)])]);
    // Writes still unconfirmed at the grace period's end are failed then (retriable), not waited
    // for; a healthy broker's confirms (of release copies too) take milliseconds, hence the floor.
    const brokersBy = Math.max(this.deadline, Date.now() + brokerCloseFloorMs);
    const results = await Promise.allSettled([...this.drivers.values()].map((driver) => driver.close(brokersBy)));
    for (const result of results) if (result.status === 'rejected') this.logger.error({ err: result.reason }, 'broker close failed');
    await closeServer(this.admin, Date.now() + 1_000);
    // The last spans (the shutdown's own settles) go out before the process ends.
    await stopTracing(this.tracing, 2_000);
    this.logger.info('stopped');
    this.logger.flush();
  }

  /** One line that says whether the grace period was enough; each released delivery has its own line before it. */
  private logReleasedSummary(pushed: Record<string, number>, total: number): void {
    if (total === 0) {
      if (this.started) this.logger.info('every in-flight delivery finished within the grace period');
      return;
    }
    this.logger.warn(
      { released: total, subscriptions: pushed, gracePeriodMs: this.config.shutdown.gracePeriodMs },
      'grace period over: deliveries released unfinished (each logged above); they will be delivered again, marked Outrigger-Redelivered',
    );
  }

  /** An app stopping beside us may still publish; the API closes once it has gone quiet. */
  private async waitForQuietApi(): Promise<void> {
    if (!this.http.listening && !this.dapr?.server.listening) return;
    while (Date.now() < this.deadline) {
      if (this.apiActivity.isQuiet(apiQuietMs)) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, this.deadline - Date.now()))));
    }
  }
}

/** Stops accepting, lets open requests end until the deadline, then cuts what is left. */
async function closeServer(server: Server, deadline: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()));
  await closed;
  clearTimeout(timer);
}
