/**
 * Turns what a client asks to consume into a running consumer: a queue, a configured
 * subscription (topic or stream) with its settings, or a stream as a member of a group.
 */
import { defaults } from '../../config/defaults.js';
import type { OutriggerConfig, SubscriptionConfig } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { HandedBack } from '../delivery/handed-back.js';
import type { Resources } from '../resources.js';
import { InboxConsumer } from './inbox-consumer.js';
import { StreamGroupConsumer } from './stream-consumer.js';
import type { ConsumeSource, Consumer, ConsumerOptions } from './types.js';

export interface ConsumeDeps {
  config: OutriggerConfig;
  resources: Resources;
  metrics: Metrics;
  logger: Logger;
  handedBack: HandedBack;
}

export async function openConsumer(deps: ConsumeDeps, source: ConsumeSource, options: ConsumerOptions): Promise<Consumer> {
  const { resources, metrics, logger, handedBack } = deps;
  switch (source.kind) {
    case 'queue': {
      await resources.prepareQueue(source.queue);
      const inbox = resources.queueInbox(source.queue);
      const info = { kind: 'queue' as const, name: source.queue, maxDeliveries: inbox.settings.maxDeliveries, label: `queue:${source.queue}` };
      const consumer = new InboxConsumer(info, inbox, options, metrics, logger, handedBack);
      consumer.start();
      return consumer;
    }
    case 'subscription':
      return openSubscription(deps, findSubscription(deps.config, source.name), options);
    case 'stream': {
      const stream = await resources.prepareStream(source.stream);
      if (!stream.driver.capabilities.consumerGroups) {
        throw new OutriggerError('unsupported_operation', `stream '${source.stream}' is on broker '${stream.broker}' (driver ${stream.driver.kind}), which has no consumer groups`);
      }
      const info = {
        kind: 'stream' as const,
        name: source.stream,
        group: source.group,
        maxDeliveries: defaults.subscription.maxDeliveries,
        label: `stream:${source.stream}:${source.group}`,
      };
      const owner = `${source.stream}.${source.group}`;
      const consumer = new StreamGroupConsumer(
        info,
        { stream, group: source.group, start: source.start, deadLetterQueue: () => resources.prepareStreamDeadLetterQueue(owner) },
        options,
        metrics,
        logger,
        handedBack,
      );
      await consumer.start();
      return consumer;
    }
  }
}

async function openSubscription(deps: ConsumeDeps, subscription: SubscriptionConfig, options: ConsumerOptions): Promise<Consumer> {
  const { resources, metrics, logger, handedBack } = deps;
  const { from, name, maxDeliveries, leaseMs } = subscription;
  const label = `subscription:${name}`;
  switch (from.kind) {
    case 'queue': {
      await resources.prepareQueue(from.queue);
      const inbox = resources.queueInbox(from.queue);
      const consumer = new InboxConsumer(
        { kind: 'queue', name: from.queue, maxDeliveries, label },
        { ...inbox, settings: { ...inbox.settings, maxDeliveries, leaseMs } },
        options,
        metrics,
        logger,
        handedBack,
      );
      consumer.start();
      return consumer;
    }
    case 'topic': {
      const inbox = await resources.prepareSubscription(subscription);
      const consumer = new InboxConsumer({ kind: 'topic', name, maxDeliveries, label }, inbox, options, metrics, logger, handedBack);
      consumer.start();
      return consumer;
    }
    case 'stream': {
      const stream = await resources.prepareStream(from.stream);
      const consumer = new StreamGroupConsumer(
        { kind: 'stream', name: from.stream, group: from.group, maxDeliveries, label },
        { stream, group: from.group, start: from.start, deadLetterQueue: () => resources.prepareStreamDeadLetterQueue(name) },
        options,
        metrics,
        logger,
        handedBack,
      );
      await consumer.start();
      return consumer;
    }
  }
}

function findSubscription(config: OutriggerConfig, name: string): SubscriptionConfig {
  const subscription = config.subscriptions.find((s) => s.name === name);
  if (subscription !== undefined) return subscription;
  const known = config.subscriptions.map((s) => s.name).sort();
  const list = known.length === 0 ? 'none are configured' : `known: ${known.join(', ')}`;
  throw new OutriggerError('unknown_resource', `unknown subscription '${name}' (${list})`, { extensions: { resource: name, known } });
}
