/**
 * The CLI's only way to a sidecar: its HTTP API, at the address and with the token the daemon
 * itself would use (OUTRIGGER_* variables, else the config file's `server:`, else defaults).
 */
import { apiEndpoint, type ApiEndpoint } from '../config/api-endpoint.js';
import { ConfigError } from '../config/errors.js';
import { answerFailure, CliFailure, exitCodes, UsageError } from './failures.js';

export interface RequestOptions {
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class SidecarClient {
  constructor(readonly endpoint: ApiEndpoint) {}

  static from(flags: { config?: string | undefined; url?: string | undefined }, env: NodeJS.ProcessEnv): SidecarClient {
    let endpoint: ApiEndpoint;
    try {
      endpoint = apiEndpoint({ path: flags.config ?? null, env });
    } catch (err) {
      if (err instanceof ConfigError) throw new CliFailure(exitCodes.usage, err.message);
      throw err;
    }
    if (flags.url !== undefined) {
      if (!/^https?:\/\/[^/]+\/?$/.test(flags.url)) throw new UsageError(`--url must be the API's base URL, e.g. http://127.0.0.1:7700 (got '${flags.url}')`);
      endpoint = { ...endpoint, url: flags.url.replace(/\/$/, '') };
    }
    return new SidecarClient(endpoint);
  }

  /** The answer when it is a success; CliFailure (exit 1) with the problem when not, exit 3 when nothing answered. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.endpoint.token !== null) headers['authorization'] = `Bearer ${this.endpoint.token}`;
    let response: Response;
    try {
      response = await fetch(this.endpoint.url + path, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw this.unreachable(err);
    }
    if (response.ok) return response;
    const text = await response.text();
    throw answerFailure(response.status, parseJson(text));
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    const text = await response.text();
    if (text === '') return null as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      // Something else answers at that address (another service, a proxy's page).
      throw new CliFailure(exitCodes.failed, `${this.endpoint.url}${path} answered ${response.status} with something that is not JSON; is that address an Outrigger sidecar?`);
    }
  }

  private unreachable(err: unknown): CliFailure {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return new CliFailure(
      exitCodes.unreachable,
      `cannot reach the sidecar at ${this.endpoint.url} (${why}); is it running? The address comes from --url, OUTRIGGER_HTTP_ADDR, the config's server.httpAddr, else 127.0.0.1:7700`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Path segments from user input are sent as names, never as more path. */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
