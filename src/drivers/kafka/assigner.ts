/**
 * How the group leader spreads partitions: each topic's partitions round-robin over the members
 * subscribed to that topic only. One consumer group may hold members on different topics (two
 * stream subscriptions of one app share its default group, app.id). The client's own assigner
 * hands out only the leader's own topics, to every member alike, so a member reading another
 * topic would get nothing of it, and others would get partitions they never read.
 *
 * A topic the leader does not read has no partition count in its metadata: the count comes from
 * what this driver has seen (every sidecar of one app ensured the same streams at start-up).
 */
import type { ClusterMetadata, ExtendedGroupProtocolSubscription, GroupAssignment, GroupPartitionsAssigner, GroupPartitionsAssignments } from '@platformatic/kafka';

export function subscribedRoundRobin(knownCount: (topic: string) => number | undefined): GroupPartitionsAssigner {
  return (_leader: string, members: Map<string, ExtendedGroupProtocolSubscription>, topics: Set<string>, metadata: ClusterMetadata): GroupPartitionsAssignments[] => {
    const ids = [...members.keys()].sort();
    const all = new Set(topics);
    for (const member of members.values()) for (const topic of member.topics ?? []) all.add(topic);
    const result = new Map<string, Map<string, GroupAssignment>>(ids.map((id) => [id, new Map()]));
    for (const topic of [...all].sort()) {
      const readers = ids.filter((id) => members.get(id)?.topics?.includes(topic) ?? topics.has(topic));
      const count = metadata.topics.get(topic)?.partitionsCount ?? knownCount(topic) ?? 0;
      for (let partition = 0; partition < count && readers.length > 0; partition++) {
        const member = result.get(readers[partition % readers.length] as string) as Map<string, GroupAssignment>;
        const entry = member.get(topic) ?? { topic, partitions: [] };
        entry.partitions.push(partition);
        member.set(topic, entry);
      }
    }
    return ids.map((memberId) => ({ memberId, assignments: result.get(memberId) as Map<string, GroupAssignment> }));
  };
}
