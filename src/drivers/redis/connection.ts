/**
 * The driver's connections to Redis: one for commands and scripts (replies as Buffers, so bodies
 * stay byte for byte), and a small pool of connections that only wait in a blocking XREAD for a
 * long-poll, since a blocked connection can do nothing else. Commands fail at once while the
 * connection is down (no offline queue): core, not the driver, decides about retrying.
 */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import type { RedisSettings } from './settings.js';

type Client = ReturnType<typeof createClient>;

export class RedisConnection {
  readonly #client: Client;
  readonly #binary;
  readonly #idle: Client[] = [];
  readonly #busy = new Set<Client>();
  #closed = false;
  #everConnected = false;

  /** `clientName` is what CLIENT LIST shows for each connection, so operators see whose it is. */
  constructor(settings: RedisSettings, clientName: string, onError: (err: unknown) => void) {
    this.#client = createClient({
      url: settings.url,
      name: clientName,
      disableOfflineQueue: true,
      // Small frames must not wait for Nagle: every command is a round trip someone waits for.
      socket: {
        connectTimeout: settings.connectTimeoutMs,
        noDelay: true,
        keepAlive: true,
        // Start-up fails at once when Redis does not answer (the daemon refuses to start, naming
        // the broker); once connected, the client reconnects by itself for as long as it takes.
        reconnectStrategy: (retries, cause) => (this.#everConnected ? Math.min(50 * 2 ** Math.min(retries, 6), 2000) : cause),
      },
    });
    this.#client.on('ready', () => {
      this.#everConnected = true;
    });
    this.#client.on('error', onError);
    this.#binary = this.#client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  }

  get ready(): boolean {
    return this.#client.isReady;
  }

  async connect(): Promise<void> {
    if (!this.#client.isOpen) await this.#client.connect();
  }

  command<T>(args: (string | Buffer)[]): Promise<T> {
    return this.#binary.sendCommand<T>(args);
  }

  /** EVALSHA, loading the script on the first NOSCRIPT (after a restart or SCRIPT FLUSH). */
  async eval<T>(script: string, keys: string[], args: (string | Buffer)[]): Promise<T> {
    const sha = createHash('sha1').update(script).digest('hex');
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.command<T>(['EVALSHA', sha, ...tail]);
    } catch (err) {
      if (!(err instanceof ErrorReply) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.command<T>(['EVAL', script, ...tail]);
    }
  }

  /**
   * Waits up to `ms` for an entry newer than the given id in any of the streams, or for
   * `signal`. Returns nothing: the caller looks again with its script, which decides what may
   * be delivered.
   */
  async waitForEntry(streams: [stream: string, afterId: string][], ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.#closed) return;
    const blocker = this.#takeIdle() ?? (await this.#newBlocker());
    this.#busy.add(blocker);
    // A blocked connection cannot be interrupted politely: an abort closes it.
    const abort = (): void => blocker.destroy();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await blocker.sendCommand(['XREAD', 'BLOCK', String(Math.max(1, Math.ceil(ms))), 'COUNT', '1', 'STREAMS', ...streams.map(([key]) => key), ...streams.map(([, id]) => id)]);
    } catch (err) {
      if (!signal?.aborted && !this.#closed) throw err;
    } finally {
      signal?.removeEventListener('abort', abort);
      this.#busy.delete(blocker);
      if (blocker.isReady && !this.#closed) this.#idle.push(blocker);
      else if (blocker.isOpen) blocker.destroy();
    }
  }

  /** An idle connection that is up; those that went down while idle (an outage) are dropped. */
  #takeIdle(): Client | undefined {
    for (let blocker = this.#idle.pop(); blocker !== undefined; blocker = this.#idle.pop()) {
      if (blocker.isReady) return blocker;
      blocker.destroy();
    }
    return undefined;
  }

  async #newBlocker(): Promise<Client> {
    const blocker = this.#client.duplicate();
    blocker.on('error', () => undefined);
    await blocker.connect();
    return blocker;
  }

  /** Idempotent: waiting long-polls end at once; commands already sent are answered first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const blocker of [...this.#idle, ...this.#busy]) blocker.destroy();
    this.#idle.length = 0;
    if (this.#client.isOpen) await this.#client.close();
  }
}
