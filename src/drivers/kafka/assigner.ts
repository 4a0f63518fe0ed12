/**
 * How the group leader spreads partitions: cooperative and sticky (the classic protocol's
 * `cooperative-sticky` rebalancing, as Kafka's Java CooperativeStickyAssignor does it).
 *
 * - Each topic's partitions go to the members subscribed to that topic only. One consumer group
 *   may hold members on different topics (two stream subscriptions of one app share its default
 *   group, app.id); the client's own assigners hand out only the leader's own topics.
 * - Sticky: a member keeps the partitions it owns (members send them with their subscription)
 *   as far as a balanced share allows; only the surplus moves.
 * - Cooperative: a partition that moves from one live member to another is given to nobody in
 *   this round. Its owner sees it revoked, stops it, and rejoins; the next round hands it on, now
 *   unowned. Partitions that do not move are never interrupted, and no partition ever has two
 *   owners at once.
 *
 * With the eager `roundrobin` protocol (a group still holding older sidecars), members send no
 * owned partitions: the result is a balanced assignment in one round.
 *
 * A topic the leader does not read has no partition count in its metadata: the count comes from
 * what this driver has seen (every sidecar of one app ensured the same streams at start-up).
 */
import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssigner, GroupPartitionsAssignments } from '@platformatic/kafka';

/** Advertised in this order: cooperative where every member offers it, else eager. */
export const groupProtocols = [
  { name: 'cooperative-sticky', version: 3 },
  { name: 'roundrobin', version: 1 },
];

export function cooperativeSticky(knownCount: (topic: string) => number | undefined): GroupPartitionsAssigner {
  return (_leader: string, members: Map<string, ExtendedGroupProtocolSubscription>, topics: Set<string>, metadata: ClusterMetadata): GroupPartitionsAssignments[] => {
    const ids = [...members.keys()].sort();
    const all = new Set(topics);
    for (const member of members.values()) for (const topic of member.topics ?? []) all.add(topic);
    const result = new Map<string, Map<string, GroupAssignment>>(ids.map((id) => [id, new Map()]));
    for (const topic of [...all].sort()) {
      const readers = ids.filter((id) => members.get(id)?.topics?.includes(topic) ?? topics.has(topic));
      const count = metadata.topics.get(topic)?.partitionsCount ?? knownCount(topic) ?? 0;
      if (readers.length === 0 || count === 0) continue;
      const held = holders(topic, count, readers, members);
      for (const [partition, member] of balance(count, readers, held)) {
        // Moving away from a live owner: revoked this round, handed on in the next.
        const owner = held.get(partition);
        if (owner !== undefined && owner !== member) continue;
        const mine = result.get(member) as Map<string, GroupAssignment>;
        const entry = mine.get(topic) ?? { topic, partitions: [] };
        entry.partitions.push(partition);
        mine.set(topic, entry);
      }
    }
    return ids.map((memberId) => ({ memberId, assignments: result.get(memberId) as Map<string, GroupAssignment> }));
  };
}

/** Who owns each partition now, by the members' own word; a stale claim loses to a newer generation. */
function holders(topic: string, count: number, readers: string[], members: Map<string, ExtendedGroupProtocolSubscription>): Map<number, string> {
  const held = new Map<number, { member: string; generation: number }>();
  for (const member of readers) {
    const subscription = members.get(member);
    const generation = subscription?.generationId ?? -1;
    for (const owned of subscription?.ownedPartitions ?? []) {
      if (owned.topic !== topic) continue;
      for (const partition of owned.partitions) {
        if (partition < 0 || partition >= count) continue;
        const before = held.get(partition);
        if (before === undefined || generation > before.generation) held.set(partition, { member, generation });
      }
    }
  }
  return new Map([...held].map(([partition, { member }]) => [partition, member]));
}

/**
 * The target owner of every partition: each reader gets ⌊count / readers⌋, and as many readers as
 * the remainder one more. Owners keep what they hold up to that; the rest goes to the readers
 * with the fewest, lowest partition first.
 */
function balance(count: number, readers: string[], held: Map<number, string>): Map<number, string> {
  const base = Math.floor(count / readers.length);
  let extras = count % readers.length;
  const load = new Map<string, number>(readers.map((member) => [member, 0]));
  const target = new Map<number, string>();
  const byOwner = new Map<string, number[]>();
  for (let partition = 0; partition < count; partition++) {
    const owner = held.get(partition);
    if (owner !== undefined) byOwner.set(owner, [...(byOwner.get(owner) ?? []), partition]);
  }
  for (const member of readers) {
    const owned = byOwner.get(member) ?? [];
    let keep = Math.min(owned.length, base);
    if (owned.length > base && extras > 0) {
      keep++;
      extras--;
    }
    for (const partition of owned.slice(0, keep)) target.set(partition, member);
    load.set(member, keep);
  }
  for (let partition = 0; partition < count; partition++) {
    if (target.has(partition)) continue;
    const member = readers.reduce((least, next) => ((load.get(next) as number) < (load.get(least) as number) ? next : least));
    target.set(partition, member);
    load.set(member, (load.get(member) as number) + 1);
  }
  return target;
}
