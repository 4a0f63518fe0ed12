/**
 * A fixed route table: `/v1/<interaction>/{name}/<action>` with the name as the only parameter,
 * and, for query, a `{rest...}` tail that takes the remaining path as the caller sent it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceNamePattern } from '../../config/names.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { ApiContext } from './context.js';

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The resource name from the path, already decoded and validated. */
  name: string;
  /** For a route ending in `{rest...}`: '' or '/' and the rest of the raw (undecoded, unnormalised) path. */
  rest: string;
  api: ApiContext;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface Route {
  /** `*`: any method. */
  method: 'GET' | 'POST' | '*';
  /** Path segments; `{name}` marks the resource name; a last `{rest...}` takes any remaining segments. */
  path: string[];
  /** The metrics label: publish, command, stream, pull, deadletter, meta. */
  interaction: string;
  /** The query parameters the route reads; any other is refused. Absent: not checked (query passes them on). */
  params?: readonly string[];
  handle(request: RouteRequest): Promise<void>;
}

export interface Match {
  route: Route;
  name: string;
  rest: string;
}

const restMarker = '{rest...}';

interface Compiled {
  route: Route;
  /** The path's segments before a `{rest...}` tail (all of them without one). */
  fixed: readonly string[];
  hasRest: boolean;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const hasRest = route.path.at(-1) === restMarker;
      return { route, hasRest, fixed: hasRest ? route.path.slice(0, -1) : route.path };
    });
  }

  /**
   * The route for a path, or a 404/405 error naming what exists. Fixed routes match the
   * normalised `pathname`; routes with a `{rest...}` tail match `rawPath`, the path exactly as
   * sent, so that what a query forwards is what the caller wrote (and is checked as such).
   */
  match(method: string, pathname: string, rawPath: string = pathname): Match {
    // Segment 0 is the empty string before the leading slash.
    const segments = pathname.split('/');
    const rawSegments = rawPath === pathname ? segments : rawPath.split('/');
    const allowed: string[] = [];
    for (const { route, fixed, hasRest } of this.compiled) {
      const found = hasRest ? matchRest(fixed, rawSegments, rawPath) : matchFixed(fixed, segments);
      if (found === undefined) continue;
      if (route.method === method || route.method === '*') return { route, name: validName(found.name), rest: found.rest };
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      throw new OutriggerError('method_not_allowed', `${method} is not allowed here; use ${allowed.join(' or ')}`, { extensions: { allow: allowed } });
    }
    throw new OutriggerError('route_not_found', `no API route at ${pathname}`);
  }
}

function matchFixed(pattern: readonly string[], segments: string[]): { name: string; rest: string } | undefined {
  if (pattern.length !== segments.length - 1) return undefined;
  const name = matchSegments(pattern, segments);
  return name === undefined ? undefined : { name, rest: '' };
}

/** The fixed part against the first segments; the rest is what follows them in `path`, leading slash kept. */
function matchRest(fixed: readonly string[], segments: string[], path: string): { name: string; rest: string } | undefined {
  if (segments.length - 1 < fixed.length) return undefined;
  const name = matchSegments(fixed, segments);
  if (name === undefined) return undefined;
  if (segments.length - 1 === fixed.length) return { name, rest: '' };
  let end = 0;
  for (let i = 1; i <= fixed.length; i++) end += 1 + segments[i]!.length;
  return { name, rest: path.slice(end) };
}

/** `pattern` against `segments` from index 1; the `{name}` segment, '' when there is none. */
function matchSegments(pattern: readonly string[], segments: string[]): string | undefined {
  let name = '';
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const segment = segments[i + 1]!;
    if (expected === '{name}') name = segment;
    else if (expected !== segment) return undefined;
  }
  return name;
}

function validName(raw: string): string {
  if (raw === '') return raw;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    throw new OutriggerError('invalid_name', `'${raw}' is not a valid percent-encoded name`);
  }
  if (!resourceNamePattern.test(name)) {
    throw new OutriggerError('invalid_name', `'${name}' is not a valid resource name (letters, digits, '.', '_', '-'; at most 128, starting with a letter or digit)`);
  }
  return name;
}
