/**
 * The Service Bus test broker's administration endpoint: the HTTPS ATOM API the SDK's
 * ServiceBusAdministrationClient speaks, on the same port as AMQP (the client always calls
 * https://<Endpoint host:port>/...). Only what reading message counts needs: GET <queue> and
 * GET <topic>/Subscriptions/<subscription>, answered as the real service answers them (an entry
 * whose description carries CountDetails in the d2p1 namespace; an unknown queue is an empty
 * feed, an unknown subscription a 404 error body). Requests are signed with a SAS token whose
 * key and rights are checked: the real API refuses reads without the Manage right.
 *
 * TLS uses a committed self-signed certificate for 127.0.0.1 and localhost (test-only-cert.pem,
 * test-only-key.pem: test use only, never trusted anywhere else). A process that talks to the
 * endpoint trusts it with trustTestCertificate() (in-process tests) or NODE_EXTRA_CA_CERTS=
 * TEST_CERT_PATH (child processes).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { MessageStore } from './entities.js';

export const TEST_CERT_PATH = testFile('test-only-cert.pem');
const TEST_KEY_PATH = testFile('test-only-key.pem');

function testFile(name: string): string {
  const here = fileURLToPath(new URL(`./${name}`, import.meta.url));
  // Compiled into dist/test/servicebus-broker (the benchmarks run it from there), the module
  // finds the PEM files in the source tree.
  return existsSync(here) ? here : fileURLToPath(new URL(`../../../../test/infra/servicebus-broker/${name}`, import.meta.url));
}

export type SasRight = 'Manage' | 'Send' | 'Listen';

/** A shared access policy of the test namespace: its key and the rights it grants. */
export interface SasPolicy {
  key: string;
  rights: readonly SasRight[];
}

/** Adds the test certificate to this process's default trust, as NODE_EXTRA_CA_CERTS would at start. */
export function trustTestCertificate(): void {
  const cert = readFileSync(TEST_CERT_PATH, 'utf8');
  const current = getCACertificates('default');
  if (!current.some((one) => one.trim() === cert.trim())) setDefaultCACertificates([...current, cert]);
}

export interface AdminLookup {
  queue(name: string): MessageStore | undefined;
  subscription(topic: string, name: string): MessageStore | undefined | 'no-topic';
}

const ATOM = 'http://www.w3.org/2005/Atom';
const CONNECT = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
const COUNTS = 'http://schemas.microsoft.com/netservices/2011/06/servicebus';

export class AdminEndpoint {
  readonly #server: Server;
  readonly #lookup: AdminLookup;
  readonly #policies: ReadonlyMap<string, SasPolicy>;
  readonly #sockets = new Set<Socket>();
  readonly #createdAt = new Date().toISOString();

  constructor(lookup: AdminLookup, policies: ReadonlyMap<string, SasPolicy>) {
    this.#lookup = lookup;
    this.#policies = policies;
    this.#server = createServer({ cert: readFileSync(TEST_CERT_PATH), key: readFileSync(TEST_KEY_PATH) }, (req, res) => this.#handle(req, res));
    this.#server.on('tlsClientError', () => undefined);
  }

  /**
   * Takes a socket whose first bytes (a TLS ClientHello) were already read off it. Handed over
   * as a plain stream: TLS over a net.Socket would read its handle directly and miss those bytes.
   */
  accept(socket: Socket, first: Buffer): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    const stream = new Duplex({
      read: () => void socket.resume(),
      write: (chunk: Buffer, _encoding, callback) => void socket.write(chunk, callback),
      final: (callback) => {
        socket.end();
        callback();
      },
      destroy: (err, callback) => {
        socket.destroy();
        callback(err);
      },
    });
    stream.push(first);
    socket.on('data', (chunk: Buffer) => {
      if (!stream.push(chunk)) socket.pause();
    });
    socket.on('end', () => stream.push(null));
    socket.on('close', () => stream.destroy());
    socket.on('error', () => stream.destroy());
    this.#server.emit('connection', stream);
  }

  /** Ends the client connections (the SDK keeps them alive between requests). */
  close(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
    const refusal = this.#authorize(req.headers.authorization);
    if (refusal !== undefined) return reply(res, 401, errorBody(401, refusal));
    if (req.method !== 'GET') return reply(res, 405, errorBody(405, `${req.method ?? ''} is not served by the test broker`));
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return reply(res, 400, errorBody(400, 'The request path is not valid.'));
    }
    const self = `${url.origin}/${path}?api-version=${url.searchParams.get('api-version') ?? ''}`;
    const match = /^(.+)\/Subscriptions\/([^/]+)$/i.exec(path);
    if (match !== null) {
      const [, topic = '', name = ''] = match;
      const store = this.#lookup.subscription(topic, name);
      if (store === undefined || store === 'no-topic') {
        const what = store === 'no-topic' ? `Topic:${topic}` : `Topic:${topic}|${name}`;
        return reply(res, 404, errorBody(404, `Entity '${what}' was not found. TrackingId:test-broker`));
      }
      return reply(res, 200, entry(self, name, 'SubscriptionDescription', store, this.#createdAt));
    }
    const store = this.#lookup.queue(path);
    // The service answers a GET of an entity that does not exist with an empty feed, not a 404.
    if (store === undefined) return reply(res, 200, `<feed xmlns="${ATOM}"><title type="text">Publicly Listed Services</title><id>${escape(self)}</id><updated>${new Date().toISOString()}</updated></feed>`);
    return reply(res, 200, entry(self, path, 'QueueDescription', store, this.#createdAt));
  }

  /** Undefined when the request carries a valid SAS token of a policy with Manage; else why not. */
  #authorize(header: string | undefined): string | undefined {
    if (header === undefined || !header.startsWith('SharedAccessSignature ')) return 'MissingToken: The authorization header was not found.';
    const fields = new Map(
      header
        .slice('SharedAccessSignature '.length)
        .split('&')
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)] as const;
        }),
    );
    const [sig, se, skn, sr] = ['sig', 'se', 'skn', 'sr'].map((name) => fields.get(name));
    const policy = skn === undefined ? undefined : this.#policies.get(skn);
    if (sig === undefined || se === undefined || sr === undefined || policy === undefined) return 'InvalidSignature: The token has an invalid signature.';
    const expected = Buffer.from(createHmac('sha256', policy.key).update(`${sr}\n${se}`).digest('base64'));
    const given = Buffer.from(decodeURIComponent(sig));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'InvalidSignature: The token has an invalid signature.';
    if (Number(se) * 1000 < Date.now()) return 'ExpiredToken: The token is expired.';
    if (!policy.rights.includes('Manage')) return "Unauthorized access. 'Manage,EntityRead' claim(s) are required to perform this operation.";
    return undefined;
  }
}

function entry(self: string, title: string, description: 'QueueDescription' | 'SubscriptionDescription', store: MessageStore, createdAt: string): string {
  const { active, scheduled, deadLettered } = store.counts();
  const now = new Date().toISOString();
  const counts =
    `<CountDetails xmlns:d2p1="${COUNTS}">` +
    `<d2p1:ActiveMessageCount>${active}</d2p1:ActiveMessageCount>` +
    `<d2p1:DeadLetterMessageCount>${deadLettered}</d2p1:DeadLetterMessageCount>` +
    `<d2p1:ScheduledMessageCount>${scheduled}</d2p1:ScheduledMessageCount>` +
    `<d2p1:TransferMessageCount>0</d2p1:TransferMessageCount>` +
    `<d2p1:TransferDeadLetterMessageCount>0</d2p1:TransferDeadLetterMessageCount>` +
    `</CountDetails>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?><entry xmlns="${ATOM}">` +
    `<id>${escape(self)}</id><title type="text">${escape(title)}</title><published>${createdAt}</published><updated>${now}</updated>` +
    `<author><name>test-broker</name></author><link rel="self" href="${escape(self)}"/>` +
    `<content type="application/xml"><${description} xmlns="${CONNECT}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    `<LockDuration>PT${store.lockDurationMs / 1000}S</LockDuration><RequiresSession>${String(store.sessions !== undefined)}</RequiresSession>` +
    `<MaxDeliveryCount>${store.maxDeliveryCount}</MaxDeliveryCount><SizeInBytes>0</SizeInBytes>` +
    `<MessageCount>${active + scheduled + deadLettered}</MessageCount>${counts}` +
    `<CreatedAt>${createdAt}</CreatedAt><UpdatedAt>${createdAt}</UpdatedAt><AccessedAt>${now}</AccessedAt>` +
    `</${description}></content></entry>`
  );
}

function errorBody(code: number, detail: string): string {
  return `<Error><Code>${code}</Code><Detail>${escape(detail)}</Detail></Error>`;
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/atom+xml;type=entry;charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
