/**
 * Where a running sidecar's HTTP API listens and which token it wants, for the CLI: the same
 * OUTRIGGER_* variables and config file as the daemon, but only the `server:` section is read.
 * A terminal should not need a broker's secrets in its environment to talk to the sidecar, so
 * `${...}` elsewhere in the file is left alone.
 */
import { dirname, resolve } from 'node:path';
import { defaults } from './defaults.js';
import { ConfigError } from './errors.js';
import { readYaml } from './load.js';
import { ProblemList } from './problems.js';
import { recordAt, stringAt } from './raw.js';
import { substitute } from './substitute.js';

export interface ApiEndpoint {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:7700 */
  url: string;
  token: string | null;
}

export interface EndpointOptions {
  /** The config file; null or absent: OUTRIGGER_CONFIG, else the defaults. */
  path?: string | null;
  env: NodeJS.ProcessEnv;
}

/** Throws ConfigError when the file cannot be read or its `server:` values cannot be substituted. */
export function apiEndpoint(options: EndpointOptions): ApiEndpoint {
  const { env } = options;
  const path = options.path ?? nonEmpty(env['OUTRIGGER_CONFIG']);
  let server: Record<string, unknown> = {};
  if (path !== undefined) {
    const source = resolve(path);
    const problems = new ProblemList();
    server = recordAt(substitute(recordAt(recordAt(readYaml(source))['server']), { env, baseDir: dirname(source) }, problems, ['server']));
    if (problems.size > 0) throw new ConfigError(problems.toArray(), source);
  }
  const httpAddr = nonEmpty(env['OUTRIGGER_HTTP_ADDR']) ?? stringAt(server['httpAddr']) ?? defaults.httpAddr;
  const token = nonEmpty(env['OUTRIGGER_API_TOKEN']) ?? nonEmpty(stringAt(server['apiToken'])) ?? null;
  return { url: urlOf(httpAddr), token };
}

/** A listener on every interface is reached on loopback, which is where the CLI runs. */
export function urlOf(address: string): string {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (match === null) throw new ConfigError([{ path: 'server.httpAddr', message: `must be host:port, e.g. 127.0.0.1:7700 (got ${JSON.stringify(address)})` }], null);
  const [, ipv6, host, port] = match;
  if (ipv6 !== undefined) return `http://[${ipv6 === '::' ? '::1' : ipv6}]:${port}`;
  return `http://${host === '' || host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
