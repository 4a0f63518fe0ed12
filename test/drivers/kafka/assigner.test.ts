/**
 * The group leader's assignment, without a broker: balanced per topic over the members reading
 * it, sticky, and cooperative (a partition moving between live members is revoked in one round
 * and handed on in the next, never owned twice).
 */
import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupPartitionsAssignments } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { cooperativeSticky } from '../../../src/drivers/kafka/assigner.js';

const metadata = (counts: Record<string, number>): ClusterMetadata => ({ topics: new Map(Object.entries(counts).map(([topic, partitionsCount]) => [topic, { partitionsCount }])) }) as unknown as ClusterMetadata;

function member(memberId: string, topics: string[], owned: Record<string, number[]> = {}, generationId = 1): [string, ExtendedGroupProtocolSubscription] {
  const ownedPartitions = Object.entries(owned).map(([topic, partitions]) => ({ topic, partitions }));
  return [memberId, { memberId, version: 3, topics, ownedPartitions, generationId }];
}

function plan(result: GroupPartitionsAssignments[]): Record<string, Record<string, number[]>> {
  return Object.fromEntries(result.map(({ memberId, assignments }) => [memberId, Object.fromEntries([...assignments].map(([topic, { partitions }]) => [topic, [...partitions].sort()]))]));
}

describe('kafka group assignment', () => {
  const assign = cooperativeSticky(() => undefined);

  it('assignment - new members share each topic evenly, each topic only among the members reading it', () => {
    const members = new Map([member('a', ['s']), member('b', ['s']), member('c', ['t'])]);
    expect(plan(assign('a', members, new Set(['s']), metadata({ s: 4, t: 2 })))).toEqual({ a: { s: [0, 2] }, b: { s: [1, 3] }, c: { t: [0, 1] } });
  });

  it('assignment - a member joining takes partitions in two rounds: revoked from their owner first, then handed on; the owner keeps the rest', () => {
    const first = new Map([member('a', ['s'], { s: [0, 1, 2, 3] }), member('b', ['s'])]);
    expect(plan(assign('a', first, new Set(['s']), metadata({ s: 4 })))).toEqual({ a: { s: [0, 1] }, b: {} });
    const second = new Map([member('a', ['s'], { s: [0, 1] }, 2), member('b', ['s'], {}, 2)]);
    expect(plan(assign('a', second, new Set(['s']), metadata({ s: 4 })))).toEqual({ a: { s: [0, 1] }, b: { s: [2, 3] } });
  });

  it('assignment - when a member leaves, the others keep theirs and take its partitions in one round', () => {
    const members = new Map([member('a', ['s'], { s: [0, 1] }), member('c', ['s'], { s: [4, 5] })]);
    expect(plan(assign('a', members, new Set(['s']), metadata({ s: 6 })))).toEqual({ a: { s: [0, 1, 2] }, c: { s: [3, 4, 5] } });
  });

  it('assignment - a stale claim loses to the newer generation, so a partition never has two owners', () => {
    const members = new Map([member('a', ['s'], { s: [0, 1] }, 5), member('b', ['s'], { s: [1] }, 4)]);
    // a owns 1 (b's claim is older): a gives it up this round, and b gets it only in the next.
    expect(plan(assign('a', members, new Set(['s']), metadata({ s: 2 })))).toEqual({ a: { s: [0] }, b: {} });
  });
});
