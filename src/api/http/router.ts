/** A fixed route table: `/v1/<interaction>/{name}/<action>` with the name as the only parameter. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceNamePattern } from '../../config/names.js';
import { OutriggerError } from '../../core/errors.js';
import type { ApiContext } from './context.js';

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The resource name from the path, already decoded and validated. */
  name: string;
  api: ApiContext;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Path segments; `{name}` marks the resource name. */
  path: string[];
  /** The metrics label: publish, command, stream, pull, deadletter, meta. */
  interaction: string;
  handle(request: RouteRequest): Promise<void>;
}

export interface Match {
  route: Route;
  name: string;
}

export class Router {
  constructor(private readonly routes: Route[]) {}

  /** The route for a path, or a 404/405 error naming what exists. */
  match(method: string, pathname: string): Match {
    const segments = pathname.split('/').slice(1);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const name = matchPath(route.path, segments);
      if (name === undefined) continue;
      if (route.method === method) return { route, name: validName(name) };
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      throw new OutriggerError('method_not_allowed', `${method} is not allowed here; use ${allowed.join(' or ')}`, { extensions: { allow: allowed } });
    }
    throw new OutriggerError('route_not_found', `no API route at ${pathname}`);
  }
}

function matchPath(pattern: string[], segments: string[]): string | undefined {
  if (pattern.length !== segments.length) return undefined;
  let name = '';
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected === '{name}') name = segments[i]!;
    else if (expected !== segments[i]) return undefined;
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
