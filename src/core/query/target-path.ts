/**
 * The path part of a query, made safe to append to a target's base URL. A query may only ever
 * reach its own target, under the target's base path: no dot segments (`..`, `%2e%2e`), no
 * encoded slashes or backslashes that another server might decode differently, no empty
 * segments (`//` would read as an authority), nothing but printable ASCII. The final URL is then
 * checked again: same origin, path exactly what was asked for, under the base path.
 */
import { OutriggerError } from '../../kernel/errors.js';

export interface TargetPath {
  /** '' or starting with '/', percent-encoded as the caller sent it. */
  path: string;
  /** '' or starting with '?'. */
  query: string;
}

/** Checks `raw` ('' or '/...', optionally with '?query') and splits it; 400 bad_request when unsafe. */
export function checkTargetPath(raw: string): TargetPath {
  if (/[^\x21-\x7e]/.test(raw) || raw.includes('#')) {
    throw refused(raw, 'it may contain only printable ASCII without spaces or #; percent-encode the rest');
  }
  const mark = raw.indexOf('?');
  const path = mark === -1 ? raw : raw.slice(0, mark);
  const query = mark === -1 ? '' : raw.slice(mark);
  if (path !== '' && !path.startsWith('/')) throw refused(raw, "it must be empty or start with '/'");
  if (/\\|%5c|%2f|%00/i.test(path)) throw refused(raw, 'encoded slashes, backslashes and NUL are not allowed');
  // A segment of dots, plain or encoded, or an empty one before the last.
  const last = path.length;
  for (let start = 1; start <= last && path !== ''; ) {
    let end = path.indexOf('/', start);
    if (end === -1) end = last;
    const segment = path.slice(start, end);
    const decodedDots = segment.includes('%') ? segment.replace(/%2e/gi, '.') : segment;
    if (decodedDots === '.' || decodedDots === '..') throw refused(raw, 'dot segments (. and ..) are not allowed');
    if (segment === '' && end < last) throw refused(raw, 'empty segments (//) are not allowed');
    start = end + 1;
  }
  return { path, query };
}

/** A base URL's path without its trailing slashes: what a query's path is appended to. */
export function basePathOf(base: URL): string {
  return base.pathname.replace(/\/+$/, '');
}

/** Unreserved characters and slashes: a URL keeps such a path exactly as written. */
const plainPath = /^[A-Za-z0-9\-._~/]*$/;
/** Characters a URL leaves as they are in a query; a lone '?' is not plain (a URL drops it). */
const plainQuery = /^(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]+)?$/;

/**
 * What to send to the target as its request target: `targetUrl`'s pathname and search. A plain
 * path (the usual case) is appended to the base path as it is, which is what a URL would make of
 * it; anything else goes through `targetUrl` and its checks.
 */
export function requestPath(base: URL, basePath: string, raw: string): string {
  const { path, query } = checkTargetPath(raw);
  if (plainPath.test(path) && plainQuery.test(query)) return (basePath + path || '/') + query;
  const url = targetUrl(base, raw);
  return url.pathname + url.search;
}

/** The URL on the target; 400 if the result would leave the target's origin or base path. */
export function targetUrl(base: URL, raw: string): URL {
  const { path, query } = checkTargetPath(raw);
  const basePath = basePathOf(base);
  const wanted = basePath + path || '/';
  const url = new URL(wanted + query, base.origin);
  const under = basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
  if (url.origin !== base.origin || url.pathname !== wanted || !under) throw refused(raw, "it does not stay under the target's base URL");
  return url;
}

function refused(raw: string, why: string): OutriggerError {
  const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  return new OutriggerError('bad_request', `path '${shown}' is refused: ${why}`);
}
