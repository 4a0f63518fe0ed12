/** Keeps the leases of deliveries alive while the app (push) or a client (Consume) works on them. */
import type { Delivery } from '../../drivers/contract.js';
import type { BoundInbox } from '../resources.js';

export class LeaseRenewer {
  /** A third of the lease, so a slow app or client never loses its message to one late renewal. */
  private readonly everyMs: number;

  constructor(
    private readonly inbox: BoundInbox,
    private readonly leaseMs: number,
    /** Called once when a renewal fails; renewing that delivery stops there. */
    private readonly lost: (err: unknown, delivery: Delivery) => void,
  ) {
    this.everyMs = Math.max(50, Math.floor(leaseMs / 3));
  }

  /** Renews `delivery`'s lease until the returned function is called (any number of times) or a renewal fails. */
  hold(delivery: Delivery): () => void {
    const timer = setInterval(() => {
      this.inbox.ops.renew(this.inbox.ref, delivery.lease, this.leaseMs).catch((err: unknown) => {
        clearInterval(timer);
        this.lost(err, delivery);
      });
    }, this.everyMs);
    // A held delivery must not keep the process alive on its own.
    timer.unref();
    return () => clearInterval(timer);
  }
}
