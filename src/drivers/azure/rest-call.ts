/**
 * The one way the REST-based Azure drivers (Storage Queues, Event Grid) run an SDK call: it keeps
 * `connected` true to life (false after the service could not be reached or answered 5xx, true
 * again after the next success), counts the answers that mean the service is busy, and turns a
 * failure into an OutriggerError through the driver's own mapper. The drivers differ only in
 * which statuses mean busy and in how they map errors.
 */
import type { OutriggerError } from '../../kernel/errors.js';
import { isUnreachable, type RestErrorLike } from './rest-errors.js';

export interface RestCallContext {
  /** The broker's name in config. */
  broker: string;
  /** What was being done, e.g. "sending to queue 'orders'". */
  action: string;
}

export interface RestCallPolicy {
  /** The HTTP statuses counted in `busyAnswers`. */
  busyStatuses: readonly number[];
  toError(err: unknown, context: RestCallContext): OutriggerError;
}

export class RestCalls {
  readonly broker: string;
  readonly #policy: RestCallPolicy;
  connected = true;
  /** Busy answers seen, for eventCounts. */
  busyAnswers = 0;

  constructor(broker: string, policy: RestCallPolicy) {
    this.broker = broker;
    this.#policy = policy;
  }

  /** Runs one SDK call; failures come out as OutriggerErrors naming `action`. */
  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.connected = true;
      return result;
    } catch (err) {
      if (isUnreachable(err)) this.connected = false;
      const status = (err as RestErrorLike | null)?.statusCode;
      if (status !== undefined && this.#policy.busyStatuses.includes(status)) this.busyAnswers++;
      throw this.#policy.toError(err, { broker: this.broker, action });
    }
  }
}
