/** Starts one pump per configured subscription and stops them all in the shutdown order. */
import type { OutriggerConfig, PushSubscriptionConfig, QueueConfig, SubscriptionConfig } from '../../config/types.js';
import type { QueueOperations } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { streamDeadLetterQueue, type Bound, type Resources } from '../resources.js';
import { ServeExchange } from '../query/request-reply/serve-exchange.js';
import { CircuitBreaker } from '../resilience/breaker.js';
import { observePolicy } from '../resilience/observe.js';
import { AppClient } from './app-client.js';
import type { HandedBack } from './handed-back.js';
import { PushExchange, type Exchange } from './exchange.js';
import { InboxPump } from './inbox-pump.js';
import { StreamPump } from './stream-pump.js';

type Pump = InboxPump | StreamPump;
/** `pull`: not pushed (no `deliver`); the app consumes it over gRPC Consume. */
export type SubscriptionState = 'starting' | 'running' | 'pull' | 'stopping' | 'stopped' | 'failed';

export class Subscriptions {
  private readonly pumps = new Map<string, Pump>();
  private readonly states = new Map<string, SubscriptionState>();
  /** Subscriptions learnt at run time (Dapr's), for /v1/meta beside the configured ones. */
  private readonly learnt = new Map<string, PushSubscriptionConfig>();
  private app: AppClient | undefined;

  constructor(
    private readonly config: OutriggerConfig,
    private readonly resources: Resources,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly handedBack: HandedBack,
  ) {
    for (const subscription of config.subscriptions) this.states.set(subscription.name, 'starting');
  }

  state(name: string): SubscriptionState {
    return this.states.get(name) ?? 'stopped';
  }

  /** The subscriptions added at run time, whether or not they have started yet. */
  added(): PushSubscriptionConfig[] {
    return [...this.learnt.values()];
  }

  allRunning(): boolean {
    return [...this.states.values()].every((state) => state === 'running' || state === 'pull');
  }

  /** Push subscriptions whose every receive has failed for a while (InboxPump.receiveFailing): since when and the last error. */
  failing(): Record<string, { since: string; error: string }> {
    const out: Record<string, { since: string; error: string }> = {};
    for (const [name, pump] of this.pumps) {
      const failing = pump instanceof InboxPump ? pump.receiveFailing() : undefined;
      if (failing !== undefined) out[name] = { since: new Date(failing.since).toISOString(), error: failing.error };
    }
    return out;
  }

  async start(): Promise<void> {
    const { app } = this.config;
    for (const subscription of this.config.subscriptions) if (subscription.deliver === null) this.states.set(subscription.name, 'pull');
    const subscriptions = this.config.subscriptions.filter((s): s is PushSubscriptionConfig => s.deliver !== null);
    if (subscriptions.length === 0) return;
    if (app.url === null) throw new Error('subscriptions need app.url'); // config validation guarantees it
    const connections = subscriptions.reduce((sum, s) => sum + s.concurrency, 0);
    this.app = new AppClient(app.url, connections);
    for (const subscription of subscriptions) {
      try {
        const pump = await this.createPump(subscription, this.app);
        this.pumps.set(subscription.name, pump);
        if (pump instanceof InboxPump) pump.start();
        else await pump.start();
        this.states.set(subscription.name, 'running');
      } catch (err) {
        this.states.set(subscription.name, 'failed');
        throw err;
      }
    }
  }

  /**
   * Stop taking messages; give in-flight ones until `deadline`, then release them. Answers how
   * many each subscription released unfinished (only those with any).
   */
  async stop(deadline: number): Promise<Record<string, number>> {
    for (const name of this.pumps.keys()) this.states.set(name, 'stopping');
    const released = await Promise.all([...this.pumps].map(async ([name, pump]) => [name, await pump.stop(deadline)] as const));
    for (const name of this.pumps.keys()) this.states.set(name, 'stopped');
    await this.app?.close();
    return Object.fromEntries(released.filter(([, count]) => count > 0));
  }

  /**
   * A topic subscription learnt at run time (Dapr's GET /dapr/subscribe), pushed through the
   * caller's exchange by the same pump, breaker and settlement as a configured one.
   */
  async addTopicSubscription(subscription: PushSubscriptionConfig, exchange: Exchange): Promise<void> {
    if (this.pumps.has(subscription.name)) throw new Error(`subscription '${subscription.name}' is already running`);
    this.learnt.set(subscription.name, subscription);
    this.states.set(subscription.name, 'starting');
    try {
      const inbox = await this.resources.prepareSubscription(subscription);
      const pump = new InboxPump(subscription, inbox, exchange, this.breaker(subscription), this.metrics, this.logger, this.handedBack);
      this.pumps.set(subscription.name, pump);
      pump.start();
      this.states.set(subscription.name, 'running');
    } catch (err) {
      this.states.set(subscription.name, 'failed');
      throw err;
    }
  }

  /**
   * Stops one subscription added at run time (a Dapr streaming subscription whose client went
   * away): its in-flight deliveries have until `deadline`, then are released.
   */
  async removeTopicSubscription(name: string, deadline: number): Promise<void> {
    const pump = this.pumps.get(name);
    this.learnt.delete(name);
    if (pump === undefined) {
      this.states.delete(name);
      return;
    }
    this.states.set(name, 'stopping');
    await pump.stop(deadline);
    this.pumps.delete(name);
    this.states.delete(name);
  }

  /** Ends the grace period early (a second signal): every delivery at the app is released now. */
  releaseNow(): void {
    for (const pump of this.pumps.values()) pump.releaseNow();
  }

  inFlight(): number {
    let total = 0;
    for (const pump of this.pumps.values()) total += pump.inFlightCount;
    return total;
  }

  private async createPump(subscription: PushSubscriptionConfig, app: AppClient): Promise<Pump> {
    const { from } = subscription;
    switch (from.kind) {
      case 'queue': {
        await this.resources.prepareQueue(from.queue);
        const inbox = this.resources.queueInbox(from.queue);
        const exchange = subscription.serve
          ? new ServeExchange(subscription, inbox, app, this.config.app.id, this.metrics, this.logger)
          : new PushExchange(subscription, app);
        return new InboxPump(subscription, inbox, exchange, this.breaker(subscription), this.metrics, this.logger, this.handedBack);
      }
      case 'topic': {
        const inbox = await this.resources.prepareSubscription(subscription);
        return new InboxPump(subscription, inbox, new PushExchange(subscription, app), this.breaker(subscription), this.metrics, this.logger, this.handedBack);
      }
      case 'stream': {
        const stream = await this.resources.prepareStream(from.stream);
        const deadLetters = () => this.deadLetterQueue(subscription);
        return new StreamPump({ ...subscription, from }, stream, deadLetters, app, this.breaker(subscription), this.metrics, this.logger, this.handedBack);
      }
    }
  }

  /** The app's circuit breaker for one subscription, from its policy. */
  private breaker(subscription: SubscriptionConfig): CircuitBreaker {
    const observer = observePolicy(this.metrics, this.logger, 'subscription', subscription.name, subscription.policy);
    const settings = this.config.policies[subscription.policy]!.circuitBreaker;
    return new CircuitBreaker(settings, `the app (subscription '${subscription.name}')`, (to, from) => observer.circuit(to, from));
  }

  /** `<subscription>.deadletter`, a queue on the default broker. */
  private deadLetterQueue(subscription: SubscriptionConfig): Promise<Bound<QueueOperations, QueueConfig>> {
    return this.resources.prepareQueue(streamDeadLetterQueue(subscription.name));
  }
}
