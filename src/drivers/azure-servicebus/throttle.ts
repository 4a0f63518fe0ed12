/**
 * ServerBusy back-off shared by every call of one driver (one namespace). When Service Bus throttles
 * it throttles the namespace, so a busy answer to any send or receive holds back new sends and
 * receives on all entities for `serverBusyBackoffMs` (Service Bus asks for about 10 s): they fail
 * at once with `broker_unavailable` and a Retry-After of the time left, without touching the network.
 * The driver never waits or retries by itself; whoever called decides (one place decides).
 * Settlements and lock renewals are not held back: they end work the broker already counted, and
 * holding them would only let locks expire and redeliver.
 */
import { isServiceBusError } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';

export class NamespaceThrottle {
  readonly backoffMs: number;
  readonly #broker: string;
  #until = 0;
  /** Busy answers seen (diagnostics, tests). */
  busyCount = 0;

  constructor(broker: string, backoffMs: number) {
    this.#broker = broker;
    this.backoffMs = backoffMs;
  }

  /** Throws `broker_unavailable` while a back-off is running. */
  check(action: string): void {
    const left = this.#until - Date.now();
    if (left <= 0) return;
    throw new OutriggerError(
      'broker_unavailable',
      `${action} on Service Bus broker '${this.#broker}' was not attempted: the namespace answered ServerBusy and is given ${Math.ceil(left / 1000)} s to recover`,
      { retriable: true, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) },
    );
  }

  /** Call with any failure of a send or receive; a ServerBusy one starts (or extends) the back-off. */
  note(err: unknown): void {
    if (!isServerBusy(err)) return;
    this.busyCount++;
    this.#until = Math.max(this.#until, Date.now() + this.backoffMs);
  }

  get backingOff(): boolean {
    return this.#until > Date.now();
  }
}

function isServerBusy(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(isServerBusy);
  if (isServiceBusError(err)) return err.code === 'ServiceBusy';
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ServerBusyError';
}
