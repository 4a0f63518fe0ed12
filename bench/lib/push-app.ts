/**
 * The application side of push delivery, inside the bench process: answers every POST with
 * 204 (POST /slow: after holdMs, standing in for a subscriber far slower than its publishers)
 * and, for bodies of the current run (`"run":"<tag>"`), records arrival minus the send
 * instant carried in the body (`"sentNs":"<process.hrtime.bigint()>"`). Same process, same
 * monotonic clock, so no clock skew enters the figure.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Histogram } from './histogram.js';

const sentPattern = /"sentNs":"(\d+)"/;
const runPattern = /"run":"([^"]*)"/;

export class PushApp {
  latency = new Histogram();
  /** Deliveries of the current run. */
  received = 0;
  /** Deliveries of other runs (backlog from earlier scenarios) or without a timestamp. */
  other = 0;
  /** Everything received on the fast path, any run. */
  total = 0;
  /** Deliveries to /slow. */
  slow = 0;
  private tag = '';
  private readonly server: Server;

  constructor(private readonly holdMs = 1_000) {
    this.server = createServer((req, res) => {
      if (req.url === '/slow') {
        req.resume();
        this.slow++;
        setTimeout(() => res.writeHead(204).end(), this.holdMs);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const arrivedNs = process.hrtime.bigint();
        this.onMessage(Buffer.concat(chunks).toString('utf8'), arrivedNs);
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  async listen(port = 0): Promise<string> {
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  /** Starts a new recording for messages tagged `tag`. */
  beginRun(tag: string): void {
    this.tag = tag;
    this.latency = new Histogram();
    this.received = 0;
    this.other = 0;
  }

  /** Resolves once `count` messages of the current run have arrived or `timeoutMs` passed. */
  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.received >= count;
  }

  /** Resolves once nothing has arrived for `quietMs` (or `timeoutMs` passed). */
  async waitQuiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = this.total;
    let quietSince = Date.now();
    while (Date.now() < deadline && Date.now() - quietSince < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (this.total !== last) {
        last = this.total;
        quietSince = Date.now();
      }
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private onMessage(body: string, arrivedNs: bigint): void {
    this.total++;
    const sent = sentPattern.exec(body)?.[1];
    if (sent === undefined || runPattern.exec(body)?.[1] !== this.tag) {
      this.other++;
      return;
    }
    this.received++;
    this.latency.recordSince(BigInt(sent), arrivedNs);
  }
}
