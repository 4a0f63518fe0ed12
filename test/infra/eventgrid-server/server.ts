/**
 * An Event Grid test server for the real @azure/eventgrid and @azure/eventgrid-namespaces SDKs,
 * written from the service's documented REST API: custom topic and domain publish
 * (`POST /<topic>/api/events`, custom-topics.ts) and the namespace data plane
 * (`/topics/<t>:publish`, `/topics/<t>/eventsubscriptions/<s>:receive|acknowledge|release|
 * reject|renewLock`, namespace.ts). Plain HTTP on a free loopback port (the SDKs accept it with
 * allowInsecureConnection), or HTTPS with the Service Bus test broker's test-only certificate
 * for bearer tokens, which the SDKs only send over TLS.
 *
 * Authentication as documented: `aeg-sas-key` or `aeg-sas-token` (custom topics),
 * `Authorization: SharedAccessKey <key>` (namespaces), or `Authorization: Bearer <token>` with a
 * token the test registered. Faults (wire.ts): refuse the next requests with a status and a
 * Retry-After, delay every answer, or close the connection of the next requests unanswered.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { TEST_CERT_PATH } from '../servicebus-broker/admin-http.js';
import { CustomTopics } from './custom-topics.js';
import { NamespaceTopics, type SubscriptionOptions } from './namespace.js';
import { checkSasToken, Faults, parseJson, readBody, safeEqual, sendError, sendJson, WireError, type Credentials } from './wire.js';

export { MAX_EVENT_BYTES, MAX_REQUEST_BYTES } from './wire.js';
export type { PublishedEvent, Schema } from './custom-topics.js';

export interface EventGridServerOptions {
  /** The access key (Base64, as the service issues them); default a fixed test key. */
  key?: string;
  bearerTokens?: string[];
  tls?: boolean;
  namespace?: { autoCreate?: boolean; defaults?: SubscriptionOptions; minWaitSeconds?: number };
}

export interface EventGridServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  key: string;
  /** The publish endpoint of a custom topic (or domain) on this server. */
  topicEndpoint(topic: string): string;
  topics: CustomTopics;
  namespace: NamespaceTopics;
  faults: Faults;
  credentials: Credentials;
  /** Drops every open connection (a network outage as clients see it). */
  dropConnections(): void;
  /**
   * A restart's first half: stops listening and drops every connection, keeping the topics and
   * their events as the service keeps them durably; `listenAgain` is the second half.
   */
  stopListening(): Promise<void>;
  /** Listens again on the same port, with the same state. */
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

const TEST_KEY = Buffer.from('outrigger-eventgrid-test-key-0123456789').toString('base64');

export async function startEventGridServer(options: EventGridServerOptions = {}): Promise<EventGridServer> {
  const credentials: Credentials = { key: options.key ?? TEST_KEY, bearerTokens: options.bearerTokens ?? [] };
  const topics = new CustomTopics();
  const namespace = new NamespaceTopics(options.namespace);
  const faults = new Faults();
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (faults.takeReset()) {
      req.socket.destroy();
      return;
    }
    void handle(req, res, { credentials, topics, namespace, faults }).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err instanceof WireError ? err : new WireError(500, 'InternalServerError', String(err)));
      else res.destroy();
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(TEST_CERT_PATH), key: readFileSync(TEST_CERT_PATH.replace(/test-only-cert\.pem$/, 'test-only-key.pem')) }, handler)
    : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const stopListening = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    url,
    key: credentials.key,
    topicEndpoint: (topic) => `${url}/${topic}/api/events`,
    topics,
    namespace,
    faults,
    credentials,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    stopListening,
    listenAgain: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    close: stopListening,
  };
}

interface State {
  credentials: Credentials;
  topics: CustomTopics;
  namespace: NamespaceTopics;
  faults: Faults;
}

const namespaceRoute = /^\/topics\/([^/:]+)(?:\/eventsubscriptions\/([^/:]+))?:(publish|receive|acknowledge|release|reject|renewLock)$/;
const topicRoute = /^\/([^/]+)\/api\/events$/;

async function handle(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = decodeURIComponent(url.pathname);
  if (state.faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.faults.delayMs));
  const fault = state.faults.take(path);
  if (fault !== undefined) {
    await readBody(req, Number.MAX_SAFE_INTEGER);
    return sendError(res, fault);
  }
  if (req.method !== 'POST') throw new WireError(405, 'MethodNotAllowed', `${req.method} is not allowed.`);
  if (url.searchParams.get('api-version') === null) throw new WireError(400, 'BadRequest', 'The api-version query parameter is required.');
  const topicMatch = topicRoute.exec(path);
  if (topicMatch !== null) {
    state.faults.count('publish');
    authenticate(req, state.credentials, 'topic');
    const body = await readBody(req);
    state.topics.publish(topicMatch[1]!, req.headers['content-type'] ?? '', parseJson(body));
    return sendJson(res, 200, {});
  }
  const match = namespaceRoute.exec(path);
  if (match === null) throw new WireError(404, 'NotFound', `No route for ${path}.`);
  const [, topic, subscription, action] = match as unknown as [string, string, string | undefined, string];
  state.faults.count(action);
  authenticate(req, state.credentials, 'namespace');
  const body = await readBody(req);
  if (action === 'publish') {
    if (subscription !== undefined) throw new WireError(404, 'NotFound', `No route for ${path}.`);
    const contentType = req.headers['content-type'] ?? '';
    const parsed = parseJson(body);
    const events = contentType.startsWith('application/cloudevents+json') ? [parsed] : parsed;
    if (!Array.isArray(events) || events.some((e) => typeof e !== 'object' || e === null || typeof (e as Record<string, unknown>)['id'] !== 'string')) {
      throw new WireError(400, 'BadRequest', 'The body must be CloudEvents with an id.');
    }
    state.namespace.publish(topic, events as Array<Record<string, unknown>>);
    return sendJson(res, 200, {});
  }
  if (subscription === undefined) throw new WireError(404, 'NotFound', `No route for ${path}.`);
  if (action === 'receive') {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const maxEvents = Number(url.searchParams.get('maxEvents') ?? 1);
    const maxWait = Number(url.searchParams.get('maxWaitTime') ?? 60);
    return sendJson(res, 200, await state.namespace.receive(topic, subscription, maxEvents, maxWait, abort.signal));
  }
  const tokens = (parseJson(body) as { lockTokens?: unknown }).lockTokens as string[];
  switch (action) {
    case 'acknowledge':
      return sendJson(res, 200, state.namespace.acknowledge(topic, subscription, tokens));
    case 'release':
      return sendJson(res, 200, state.namespace.release(topic, subscription, tokens, Number(url.searchParams.get('releaseDelayInSeconds') ?? 0)));
    case 'reject':
      return sendJson(res, 200, state.namespace.reject(topic, subscription, tokens));
    default:
      return sendJson(res, 200, state.namespace.renewLock(topic, subscription, tokens));
  }
}

function authenticate(req: IncomingMessage, credentials: Credentials, kind: 'topic' | 'namespace'): void {
  const authorization = req.headers['authorization'];
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    if (credentials.bearerTokens.some((token) => safeEqual(token, authorization.slice(7)))) return;
    throw new WireError(401, 'Unauthorized', 'The bearer token is not valid.');
  }
  if (kind === 'namespace') {
    if (typeof authorization === 'string' && authorization.startsWith('SharedAccessKey ') && safeEqual(authorization.slice(16), credentials.key)) return;
    throw new WireError(401, 'Unauthorized', 'The request must carry a valid SharedAccessKey or bearer token.');
  }
  const key = req.headers['aeg-sas-key'];
  if (typeof key === 'string') {
    if (safeEqual(key, credentials.key)) return;
    throw new WireError(401, 'Unauthorized', 'The aeg-sas-key is not valid.');
  }
  const token = req.headers['aeg-sas-token'];
  if (typeof token === 'string') {
    const problem = checkSasToken(token, credentials.key);
    if (problem === undefined) return;
    throw new WireError(401, 'Unauthorized', `The aeg-sas-token is not valid: ${problem}.`);
  }
  throw new WireError(401, 'Unauthorized', 'The request carries no aeg-sas-key, aeg-sas-token or bearer token.');
}
