/**
 * The conformance suite every driver runs: one set of cases, each gated only by the capabilities
 * the driver declares (the shape of Dapr's components-contrib conformance tests and undici's
 * shared cache-store suite).
 *
 *   describeDriverConformance('embedded', async () => ({ driver, reopen, cleanup }));
 *
 * `open` runs once while the suite is collected; `driver` must be connected. `reopen` returns
 * another connected driver on the same backing store (restart, durability, multi-consumer
 * cases); `cleanup` closes everything handed out. Each run uses its own names and payload ids.
 */
import { afterAll, describe } from 'vitest';
import { consumerGroupCases } from './cases/consumer-groups.js';
import { deadLetterCases } from './cases/dead-letters.js';
import { durabilityCases } from './cases/durability.js';
import { orderingCases } from './cases/ordering.js';
import { queueCases } from './cases/queues.js';
import { streamCases } from './cases/streams.js';
import { topicCases } from './cases/topics.js';
import { createFixture, type ConformanceTarget } from './support.js';

export type { ConformanceTarget } from './support.js';

export function describeDriverConformance(name: string, open: () => Promise<ConformanceTarget>): void {
  describe(`${name} driver conformance`, async () => {
    const target = await open();
    afterAll(() => target.cleanup());
    const fx = createFixture(target);
    durabilityCases(fx);
    queueCases(fx);
    deadLetterCases(fx);
    orderingCases(fx);
    topicCases(fx);
    streamCases(fx);
    consumerGroupCases(fx);
  });
}
