/**
 * The leases pull hands out name the queue they came from: `<queue>:<the broker's lease>`. A
 * driver's lease means nothing outside its own inbox, and a broker lease settled on another queue
 * would otherwise be answered `lease_expired` ("it will come again"), which is not what happened.
 * Queue names never hold a colon, so the first one ends the name.
 */
import { resourceNamePattern } from '../../config/names.js';
import { OutriggerError } from '../../kernel/errors.js';

export function leaseFor(queue: string, brokerLease: string): string {
  return `${queue}:${brokerLease}`;
}

/** The broker's lease inside `lease`, once it is known to belong to `queue`. */
export function queueLease(queue: string, lease: string): string {
  const colon = lease.indexOf(':');
  const owner = colon < 0 ? '' : lease.slice(0, colon);
  if (!resourceNamePattern.test(owner) || colon === lease.length - 1) {
    throw new OutriggerError('invalid_lease', 'the lease is not one this sidecar handed out; send the `lease` string of a delivery unchanged');
  }
  if (owner !== queue) {
    throw new OutriggerError('lease_mismatch', `the lease belongs to queue '${owner}', not '${queue}'; settle it on '${owner}' (nothing was settled)`, {
      extensions: { queue: owner },
    });
  }
  return lease.slice(colon + 1);
}
