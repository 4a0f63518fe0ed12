/**
 * A fault-injecting HTTP proxy in front of Azurite (or any Storage endpoint): every request is
 * forwarded as it came, except those a rule claims. A rule answers the next `times` requests
 * that match its method and path with a Storage error (the status, the XML error body and the
 * `x-ms-error-code` header the service sends, optionally a Retry-After), or resets their socket
 * before anything reaches the service. So the real SDK meets real wire faults, and a test can
 * count the requests the SDK made (proving, for one, that its own retry stays off).
 *
 *   const proxy = await startStorageFaultProxy(azurite.queueEndpoint);
 *   const driver = ...({ connectionString: proxy.connectionString });
 *   proxy.inject({ method: 'POST', path: /\/orders\/messages$/, fault: { status: 503, code: 'ServerBusy' } });
 *   ...
 *   await proxy.close();
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { AZURITE_ACCOUNT, AZURITE_KEY } from './azurite.js';

export type StorageFault =
  /** Answer with this status, `<Error><Code>code</Code>...` and `x-ms-error-code: code`. */
  | { status: number; code: string; message?: string; retryAfterSeconds?: number }
  /** Destroy the client's socket without answering; the service never sees the request. */
  | { reset: true };

export interface FaultRule {
  /** HTTP method, e.g. 'POST'; any method when absent. */
  method?: string;
  /** Matched against the path without the query string, e.g. /\/orders\/messages$/. */
  path: RegExp;
  /** Matched against the query string (with its '?'), e.g. /comp=metadata/; any when absent. */
  query?: RegExp;
  /** How many matching requests to claim (default 1). */
  times?: number;
  fault: StorageFault;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  query: string;
  /** 'fault' when a rule answered it (or reset it), 'service' when it was forwarded. */
  answeredBy: 'fault' | 'service';
  /** The status the client got; 0 for a reset or a failed forward. */
  status: number;
}

export interface StorageFaultProxy {
  /** `http://127.0.0.1:<port>/devstoreaccount1`, in place of the service's QueueEndpoint. */
  readonly queueEndpoint: string;
  /** A development-account connection string whose QueueEndpoint is the proxy. */
  readonly connectionString: string;
  /** Every request seen, in order of arrival. */
  readonly requests: readonly ProxiedRequest[];
  /** Adds a rule; returns how many requests it has claimed so far. */
  inject(rule: FaultRule): { claimed(): number };
  /** Requests seen matching a method and a path (and a query when given), faults included. */
  count(method: string, path: RegExp, query?: RegExp): number;
  /** Drops every rule not used up yet. */
  clear(): void;
  close(): Promise<void>;
}

interface ActiveRule {
  rule: FaultRule;
  left: number;
  claimed: number;
}

/** The body the service sends with an error status (Storage REST API, "Status and error codes"). */
export function storageErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:00000000-0000-0000-0000-000000000000\nTime:${new Date().toISOString()}</Message></Error>`;
}

export async function startStorageFaultProxy(target: string): Promise<StorageFaultProxy> {
  const upstream = new URL(target);
  const rules: ActiveRule[] = [];
  const requests: ProxiedRequest[] = [];
  const matches = (rule: FaultRule, method: string, path: string, query: string): boolean =>
    (rule.method === undefined || rule.method.toUpperCase() === method) && rule.path.test(path) && (rule.query === undefined || rule.query.test(query));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = (req.method ?? 'GET').toUpperCase();
    const seen: ProxiedRequest = { method, path: url.pathname, query: url.search, answeredBy: 'service', status: 0 };
    requests.push(seen);
    const active = rules.find((r) => r.left > 0 && matches(r.rule, method, url.pathname, url.search));
    if (active !== undefined) {
      active.left--;
      active.claimed++;
      seen.answeredBy = 'fault';
      answerWithFault(req, res, active.rule.fault, seen);
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (answer) => {
        seen.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const queueEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    queueEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};QueueEndpoint=${queueEndpoint};`,
    requests,
    inject(rule) {
      const active: ActiveRule = { rule, left: rule.times ?? 1, claimed: 0 };
      rules.push(active);
      return { claimed: () => active.claimed };
    },
    count: (method, path, query) => requests.filter((r) => matches({ method, path, ...(query === undefined ? {} : { query }), fault: { reset: true } }, r.method, r.path, r.query)).length,
    clear() {
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerWithFault(req: IncomingMessage, res: ServerResponse, fault: StorageFault, seen: ProxiedRequest): void {
  if ('reset' in fault) {
    // Nothing is forwarded and nothing answered: to the client, the connection just died.
    req.socket.destroy();
    return;
  }
  // Read the request whole first, as the service does, so the client is never cut off mid-send.
  req.resume();
  req.on('end', () => {
    const body = storageErrorXml(fault.code, fault.message ?? `Injected ${fault.code} by the test's fault proxy.`);
    seen.status = fault.status;
    res.writeHead(fault.status, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(body),
      'x-ms-error-code': fault.code,
      'x-ms-request-id': '00000000-0000-0000-0000-000000000000',
      'x-ms-version': '2025-05-05',
      ...(fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }),
    });
    res.end(body);
  });
}
