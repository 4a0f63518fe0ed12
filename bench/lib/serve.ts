/**
 * The frame of the bench's small node:http server processes (the direct baseline, the query
 * target, the reference Node proxies): listen on 127.0.0.1, print {"port":N} on stdout once
 * listening (what startServerProcess in server-process.ts waits for), exit on SIGTERM. Kept
 * apart from the parent's side so these processes load nothing more than node:http.
 */
import type { RequestListener } from 'node:http';

// From the CommonJS module, so that these servers load only what they use; the baseline server
// adds the ESM import back where it stands for a server written as an ES module.
const { createServer } = process.getBuiltinModule('node:http');

/** Port 0 picks a free one. */
export function serveUntilSigterm(handler: RequestListener, port: number): void {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
