/**
 * Inbox depth on Service Bus. The service reports message counts only through its HTTPS
 * administration API (ServiceBusAdministrationClient: queue and subscription runtime properties),
 * never over AMQP, so depth is the one operation that needs it.
 *
 * Mapping (docs/delivery-guarantees.md, Service Bus, "depth"):
 *  - inFlight: deliveries this replica holds right now (received, not yet settled). The service
 *    cannot say which replica holds a lock, so other replicas' deliveries are not counted here.
 *  - ready: the service's active count minus inFlight, never below 0. The active count includes
 *    every locked message, so messages other replicas hold are counted as ready.
 *  - deadLettered: the dead-letter sub-queue's count.
 * Scheduled messages (a nack with a delay on a queue schedules a copy) are in none of the three:
 * they are not ready until their time comes.
 *
 * The API needs the Manage right (a SAS policy with Manage) or, with an Azure identity, the
 * "Azure Service Bus Data Owner" role; Send/Listen are not enough. It is called only when depth
 * is asked for (metrics scrapes), never at start-up, so a deployment without those rights runs
 * and only its depth reads fail, with an error that names the missing right.
 */
import type { TokenCredential } from '@azure/identity';
import { ServiceBusAdministrationClient } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';
import type { InboxDepth, InboxRef } from '../contract.js';
import { toServiceBusError } from './errors.js';
import { describeInbox } from '../inbox-names.js';
import type { ServiceBusAuth } from './settings.js';

export interface DepthContext {
  readonly broker: string;
  readonly auth: ServiceBusAuth;
  /** The credential the driver connected with (namespace auth); undefined before connect. */
  credential(): TokenCredential | undefined;
}

const RIGHTS = 'reading message counts needs the Manage right: a shared access policy with Manage in the connection string, or the "Azure Service Bus Data Owner" role for an Azure identity (Send and Listen are not enough)';

export class ServiceBusDepth {
  readonly #context: DepthContext;
  /** Created on the first depth read and reused; it holds no connection worth closing (HTTP keep-alive only). */
  #admin: ServiceBusAdministrationClient | undefined;

  constructor(context: DepthContext) {
    this.#context = context;
  }

  async read(ref: InboxRef, inFlight: number): Promise<InboxDepth> {
    const action = `reading the depth of ${describeInbox(ref)}`;
    const admin = this.#client(action);
    let counts: { activeMessageCount: number; deadLetterMessageCount: number };
    try {
      counts = ref.kind === 'queue' ? await admin.getQueueRuntimeProperties(ref.queue) : await admin.getSubscriptionRuntimeProperties(ref.topic, ref.subscription);
    } catch (err) {
      throw toAdminError(err, this.#context.broker, action);
    }
    return { ready: Math.max(0, counts.activeMessageCount - inFlight), inFlight, deadLettered: counts.deadLetterMessageCount };
  }

  #client(action: string): ServiceBusAdministrationClient {
    if (this.#admin !== undefined) return this.#admin;
    const { auth, broker } = this.#context;
    if (auth.kind === 'connectionString') {
      // The administration client signs with a key only; a connection string carrying a ready-made
      // SharedAccessSignature (or the emulator's) has none to sign with.
      if (!/(^|;)\s*SharedAccessKey\s*=/i.test(auth.connectionString)) {
        throw new OutriggerError('unsupported_operation', `${action} on Service Bus broker '${broker}': the connection string has no SharedAccessKeyName/SharedAccessKey, which the administration API needs to sign its requests`);
      }
      this.#admin = new ServiceBusAdministrationClient(auth.connectionString);
    } else {
      const credential = this.#context.credential();
      if (credential === undefined) throw new OutriggerError('broker_unavailable', `Service Bus broker '${broker}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
      this.#admin = new ServiceBusAdministrationClient(auth.namespace, credential);
    }
    return this.#admin;
  }
}

/** The administration API's failures (RestErrors with an HTTP status) as catalogue errors. */
function toAdminError(err: unknown, broker: string, action: string): OutriggerError {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${action} on Service Bus broker '${broker}'`;
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (status === 401 || status === 403 || code === 'UnauthorizedRequestError') {
    // Not `unauthorized`: that code tells an API caller its own Outrigger token is wrong.
    return new OutriggerError('broker_unavailable', `${where}: the administration API refused access; ${RIGHTS} (${detail})`, { cause: err, retriable: false });
  }
  if (code === 'MessageEntityNotFoundError' || status === 404) {
    return new OutriggerError('unknown_resource', `${where}: the entity does not exist`, { cause: err });
  }
  if (code === 'ServerBusyError' || status === 503) {
    return new OutriggerError('broker_unavailable', `${where}: the service is busy (throttled)`, { cause: err, retriable: true, retryAfterSeconds: 10 });
  }
  if (typeof status === 'number') {
    return new OutriggerError('broker_unavailable', `${where} failed with HTTP ${status}: ${detail}`, { cause: err, retriable: status >= 500, ...(status >= 500 ? { retryAfterSeconds: 1 } : {}) });
  }
  // No HTTP answer at all: a transport failure (refused, reset, TLS not trusted).
  if (/certificate|self[- ]signed|CERT_|unable to verify/i.test(`${detail} ${String(code)}`)) {
    return new OutriggerError(
      'broker_unavailable',
      `${where}: the administration endpoint's TLS certificate is not trusted (${detail}); to trust a private CA, start the sidecar with NODE_EXTRA_CA_CERTS=<PEM file>`,
      { cause: err, retriable: false },
    );
  }
  return toServiceBusError(err, { broker, action });
}
