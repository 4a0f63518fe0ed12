/**
 * How the members of a stream consumer group split its partitions, for drivers whose broker
 * leaves that to the members (NATS, RabbitMQ streams; the Redis driver's heartbeat script applies
 * the same rule inside Redis). Every member computes it from the same list of live members, so
 * they agree on the wanted owners without talking: partition p belongs to the live members,
 * sorted, at p modulo their count.
 */
export function partitionOwners(partitions: number, live: Iterable<string>): (string | undefined)[] {
  const members = [...live].sort();
  return Array.from({ length: partitions }, (_, partition) => (members.length > 0 ? members[partition % members.length] : undefined));
}
