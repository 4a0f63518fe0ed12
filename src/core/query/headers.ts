/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection
 * and never travel on: Connection, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade,
 * and any header the Connection header names. Outrigger's own request headers (the API token in
 * Authorization when one is configured, Outrigger-Timeout) stay with Outrigger.
 */
import { pooledRandomBytes } from '../../kernel/random-pool.js';

export type Headers = Record<string, string | string[]>;
type IncomingHeaders = Record<string, string | string[] | undefined>;

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Methods a retry may repeat (RFC 9110 §9.2.2: the safe methods, PUT and DELETE). */
export const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

const noDrop: ReadonlySet<string> = new Set();

/** Headers minus hop-by-hop ones, those named in Connection, and `drop`; names lower-cased. */
export function endToEnd(headers: IncomingHeaders, drop: ReadonlySet<string> = noDrop): Headers {
  // Every proxied request and answer passes here twice, so one pass over the names, no
  // per-call sets, and the Connection header's tokens are read only when it names more than
  // the usual keep-alive or close.
  let named: Set<string> | undefined;
  const result: Headers = {};
  for (const rawName in headers) {
    const value = headers[rawName];
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (name === 'connection') {
      named = connectionTokens(value, named);
      continue;
    }
    if (hopByHop.has(name) || drop.has(name) || name.startsWith('proxy-')) continue;
    result[name] = value;
  }
  if (named !== undefined) for (const name of named) delete result[name];
  return result;
}

/** The header names a Connection header lists (besides its usual keep-alive or close, which are no header to drop). */
function connectionTokens(value: string | string[], into: Set<string> | undefined): Set<string> | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  const plain = text.toLowerCase().trim();
  if (plain === 'keep-alive' || plain === 'close') return into;
  const named = into ?? new Set<string>();
  for (const token of text.split(',')) named.add(token.trim().toLowerCase());
  return named;
}

const dropToTarget: ReadonlySet<string> = new Set(['host', 'expect', 'outrigger-timeout']);
const dropToTargetWithToken: ReadonlySet<string> = new Set([...dropToTarget, 'authorization']);

/**
 * What goes to the target: end-to-end headers without Host (the target's own is set), Expect
 * (answered here), Outrigger-Timeout, and the API token; with a W3C traceparent always.
 */
export function requestHeaders(incoming: IncomingHeaders, options: { apiTokenConfigured: boolean }): Headers {
  const headers = endToEnd(incoming, options.apiTokenConfigured ? dropToTargetWithToken : dropToTarget);
  ensureTraceparent(headers);
  return headers;
}

/** What goes back to the caller: the target's headers without hop-by-hop ones. */
export function responseHeaders(upstream: IncomingHeaders): Headers {
  return endToEnd(upstream);
}

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A valid traceparent is carried as it is; a missing or malformed one is replaced by a new trace (tracestate goes with it). */
export function ensureTraceparent(headers: Headers): void {
  const value = headers['traceparent'];
  const match = typeof value === 'string' ? traceparentPattern.exec(value) : null;
  if (match !== null && match[1] !== 'ff' && !/^0+$/.test(match[2]!) && !/^0+$/.test(match[3]!)) return;
  delete headers['tracestate'];
  const ids = pooledRandomBytes(24);
  headers['traceparent'] = `00-${ids.toString('hex', 0, 16)}-${ids.toString('hex', 16, 24)}-01`;
}

/** The first value of a header, if any. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
