/** Starts one pump per configured subscription and stops them all in the shutdown order. */
import type { OutriggerConfig, QueueConfig, SubscriptionConfig } from '../../config/types.js';
import type { QueueOperations } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { streamDeadLetterQueue, type Bound, type Resources } from '../resources.js';
import { AppClient } from './app-client.js';
import { InboxPump } from './inbox-pump.js';
import { StreamPump } from './stream-pump.js';

type Pump = InboxPump | StreamPump;
export type SubscriptionState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export class Subscriptions {
  private readonly pumps = new Map<string, Pump>();
  private readonly states = new Map<string, SubscriptionState>();
  private app: AppClient | undefined;

  constructor(
    private readonly config: OutriggerConfig,
    private readonly resources: Resources,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    for (const subscription of config.subscriptions) this.states.set(subscription.name, 'starting');
  }

  state(name: string): SubscriptionState {
    return this.states.get(name) ?? 'stopped';
  }

  allRunning(): boolean {
    return [...this.states.values()].every((state) => state === 'running');
  }

  async start(): Promise<void> {
    const { subscriptions, app } = this.config;
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

  /** Stop taking messages; give in-flight ones until `deadline`, then release them. */
  async stop(deadline: number): Promise<void> {
    for (const name of this.pumps.keys()) this.states.set(name, 'stopping');
    await Promise.all([...this.pumps.values()].map((pump) => pump.stop(deadline)));
    for (const name of this.pumps.keys()) this.states.set(name, 'stopped');
    await this.app?.close();
  }

  inFlight(): number {
    let total = 0;
    for (const pump of this.pumps.values()) total += pump.inFlightCount;
    return total;
  }

  private async createPump(subscription: SubscriptionConfig, app: AppClient): Promise<Pump> {
    const { from } = subscription;
    switch (from.kind) {
      case 'queue': {
        await this.resources.prepareQueue(from.queue);
        return new InboxPump(subscription, this.resources.queueInbox(from.queue), app, this.metrics, this.logger);
      }
      case 'topic': {
        const inbox = await this.resources.prepareSubscription(subscription);
        return new InboxPump(subscription, inbox, app, this.metrics, this.logger);
      }
      case 'stream': {
        const stream = await this.resources.prepareStream(from.stream);
        return new StreamPump({ ...subscription, from }, stream, () => this.deadLetterQueue(subscription), app, this.metrics, this.logger);
      }
    }
  }

  /** `<subscription>.deadletter`, a queue on the default broker. */
  private deadLetterQueue(subscription: SubscriptionConfig): Promise<Bound<QueueOperations, QueueConfig>> {
    return this.resources.prepareQueue(streamDeadLetterQueue(subscription.name));
  }
}
