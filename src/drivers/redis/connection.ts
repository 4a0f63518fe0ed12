/**
 * The driver's connections to Redis: one for commands and scripts (replies as Buffers, so bodies
 * stay byte for byte), and a small pool of connections that only wait in a blocking XREAD for a
 * long-poll, since a blocked connection can do nothing else. Commands fail at once while the
 * connection is down (no offline queue): core, not the driver, decides about retrying.
 */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply, RESP_TYPES } from 'redis';
import type { RedisSettings } from './settings.js';

function buildClient(settings: RedisSettings, clientName: string, reconnect: (retries: number, cause: Error) => number | Error) {
  return createClient({
    url: settings.url,
    name: clientName,
    disableOfflineQueue: true,
    // Small frames must not wait for Nagle: every command is a round trip someone waits for.
    socket: { connectTimeout: settings.connectTimeoutMs, noDelay: true, keepAlive: true, reconnectStrategy: reconnect },
  });
}

/** Replies as Buffers, so bodies stay byte for byte. */
function binaryOf(client: Client) {
  return client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
}

type Client = ReturnType<typeof buildClient>;

/** The scripts are a handful of constants: hash each once, not on every call of the hot path. */
const shas = new Map<string, string>();

function shaOf(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}

export class RedisConnection {
  readonly #settings: RedisSettings;
  readonly #clientName: string;
  readonly #onError: (err: unknown) => void;
  #client: Client;
  #binary: ReturnType<typeof binaryOf>;
  readonly #idle: Client[] = [];
  readonly #busy = new Set<Client>();
  #closed = false;
  #everConnected = false;
  #replaced = 0;

  /** `clientName` is what CLIENT LIST shows for each connection, so operators see whose it is. */
  constructor(settings: RedisSettings, clientName: string, onError: (err: unknown) => void) {
    this.#settings = settings;
    this.#clientName = clientName;
    this.#onError = onError;
    this.#client = this.#newClient();
    this.#binary = binaryOf(this.#client);
  }

  #newClient(): Client {
    // Start-up fails at once when Redis does not answer (the daemon refuses to start, naming the
    // broker); once connected, the client reconnects by itself for as long as it takes.
    const client = buildClient(this.#settings, this.#clientName, (retries, cause) => (this.#everConnected ? Math.min(50 * 2 ** Math.min(retries, 6), 2000) : cause));
    client.on('ready', () => {
      this.#everConnected = true;
    });
    client.on('error', this.#onError);
    return client;
  }

  /** How many times a silent (half-open) connection was replaced. */
  get replacedConnections(): number {
    return this.#replaced;
  }

  /**
   * A command went unanswered for commandTimeoutMs: the connection is taken for half-open (TCP
   * would take minutes to notice) and replaced by a new one, as are idle blocking connections.
   */
  #replace(): void {
    if (this.#closed) return;
    this.#replaced++;
    const old = this.#client;
    this.#client = this.#newClient();
    this.#binary = binaryOf(this.#client);
    this.#client.connect().catch(() => undefined);
    old.destroy();
    for (const blocker of this.#idle.splice(0)) blocker.destroy();
  }

  get ready(): boolean {
    return this.#client.isReady;
  }

  async connect(): Promise<void> {
    if (!this.#client.isOpen) await this.#client.connect();
  }

  async command<T>(args: (string | Buffer)[]): Promise<T> {
    const client = this.#client;
    try {
      return await this.#binary.sendCommand<T>(args, { timeout: this.#settings.commandTimeoutMs, rejectInFlight: true });
    } catch (err) {
      // Replace once per dead connection, not once per command that was waiting on it.
      if (err instanceof Error && err.constructor.name === 'TimeoutReadError' && client === this.#client) this.#replace();
      throw err;
    }
  }

  /** EVALSHA, loading the script on the first NOSCRIPT (after a restart or SCRIPT FLUSH). */
  async eval<T>(script: string, keys: string[], args: (string | Buffer)[]): Promise<T> {
    // One array, built once: a coalesced send's arguments run to thousands.
    const command: (string | Buffer)[] = ['EVALSHA', shaOf(script), String(keys.length)];
    for (const key of keys) command.push(key);
    for (const arg of args) command.push(arg);
    try {
      return await this.command<T>(command);
    } catch (err) {
      if (!(err instanceof ErrorReply) || !err.message.startsWith('NOSCRIPT')) throw err;
      command[0] = 'EVAL';
      command[1] = script;
      return this.command<T>(command);
    }
  }

  /** Whether the server runs in cluster mode; false when the user may not run INFO (ACL). */
  async isClusterNode(): Promise<boolean> {
    try {
      return /^cluster_enabled:1\b/m.test((await this.command<Buffer>(['INFO', 'cluster'])).toString());
    } catch (err) {
      if (err instanceof ErrorReply) return false;
      throw err;
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
    // Redis answers a blocking XREAD by itself when `ms` is up; no answer long after that is a
    // silent connection: drop it, and let the caller's next command find out about the rest.
    const stalled = setTimeout(abort, ms + this.#settings.commandTimeoutMs);
    try {
      await blocker.sendCommand(['XREAD', 'BLOCK', String(Math.max(1, Math.ceil(ms))), 'COUNT', '1', 'STREAMS', ...streams.map(([key]) => key), ...streams.map(([, id]) => id)]);
    } catch (err) {
      if (!signal?.aborted && !this.#closed && blocker.isOpen) throw err;
    } finally {
      clearTimeout(stalled);
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
