/** Creating a topic when it is missing, and waiting until its partitions have leaders. */
import type { Admin } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import { kafkaCode } from './errors.js';
import type { Fetcher } from './fetcher.js';

export interface TopicPlan {
  /** Undefined: the broker's num.partitions. */
  partitions: number | undefined;
  replicationFactor: number | undefined;
  configs: Record<string, string>;
}

/** The topic's partition count; creates the topic first when it is missing and `create` allows it. */
export async function ensureTopic(admin: Admin, lookup: Fetcher, topic: string, plan: TopicPlan, create: boolean, broker: string): Promise<number> {
  try {
    return await lookup.partitionCount(topic);
  } catch (err) {
    if (kafkaCode(err, 'UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID') === undefined) throw err;
  }
  if (!create) throw new OutriggerError('unknown_resource', `topic '${topic}' does not exist on Kafka broker '${broker}', and createTopics is false: create it first`);
  try {
    await admin.createTopics({
      topics: [topic],
      partitions: plan.partitions ?? -1,
      replicas: plan.replicationFactor ?? -1,
      configs: Object.entries(plan.configs).map(([name, value]) => ({ name, value })),
    });
  } catch (err) {
    if (kafkaCode(err, 'TOPIC_ALREADY_EXISTS') === undefined) throw err;
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await lookup.partitionCount(topic, true);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
