/**
 * Locks on the broker: an exclusive queue of the lock's name. Only one connection can hold an
 * exclusive queue (another's declare is refused with RESOURCE_LOCKED), and the broker deletes it
 * when its connection goes, so a lock never outlives a crashed or disconnected sidecar. Within a
 * driver instance (one connection), holders are told apart here.
 *
 * A held lock keeps the channel it was declared on; if that channel closes (connection lost), the
 * lock may be gone and `onLost` runs.
 */
import type { Channel, Connection } from 'rabbitmq-client';

interface Held {
  holder: string;
  channel: Channel | undefined;
}

export class ExclusiveLocks {
  readonly #held = new Map<string, Held>();

  holds(name: string, holder: string): boolean {
    const held = this.#held.get(name);
    return held?.holder === holder && held.channel?.active === true;
  }

  /** True when `holder` holds the lock now; false when someone else does. */
  async acquire(connection: Connection, name: string, holder: string, onLost?: () => void): Promise<boolean> {
    const current = this.#held.get(name);
    if (current !== undefined) return current.holder === holder && current.channel !== undefined;
    const held: Held = { holder, channel: undefined };
    this.#held.set(name, held);
    let channel: Channel | undefined;
    try {
      channel = await connection.acquire();
      await channel.queueDeclare({ queue: name, exclusive: true, durable: false, autoDelete: false });
    } catch (err) {
      this.#held.delete(name);
      if (channel?.active === true) await channel.close().catch(() => undefined);
      if ((err as { code?: string }).code === 'RESOURCE_LOCKED') return false;
      throw err;
    }
    held.channel = channel;
    channel.once('close', () => {
      if (this.#held.get(name) !== held) return;
      this.#held.delete(name);
      onLost?.();
    });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    const held = this.#held.get(name);
    if (held?.holder !== holder || held.channel === undefined) return;
    this.#held.delete(name);
    const { channel } = held;
    if (!channel.active) return;
    await channel.queueDelete({ queue: name }).catch(() => undefined);
    await channel.close().catch(() => undefined);
  }
}
