/** How every driver names an inbox in its messages: `queue 'a'`, `subscription 's' of topic 't'`. */
import type { InboxRef } from './contract.js';

export function describeInbox(ref: InboxRef): string {
  return ref.kind === 'queue' ? `queue '${ref.queue}'` : `subscription '${ref.subscription}' of topic '${ref.topic}'`;
}
