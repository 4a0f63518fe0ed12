/**
 * A TCP proxy in front of the machine's RabbitMQ, so a test can cut one driver's connection
 * (every socket through the proxy) or freeze it (nothing flows, nothing closes: a half-open
 * connection) without touching the server other tests use.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface Proxy {
  port: number;
  /** Destroys every connection through the proxy; new ones are accepted again at once. */
  cut(): void;
  /** Stops forwarding on every open connection, leaving it open; new ones flow normally. */
  freeze(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = createConnection({ port: targetPort, host: targetHost });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    for (const socket of pair) {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        pairs.delete(pair);
      });
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const freeze = (): void => {
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    cut,
    freeze,
    close: async () => {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
