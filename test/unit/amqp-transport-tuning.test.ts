/**
 * src/drivers/azure/amqp-transport-tuning.ts: the AMQP frames rhea writes in one turn of the event loop
 * leave in one socket write (rhea writes each frame on its own, and with Nagle off each was its
 * own syscall and TCP segment). Checked on a plain rhea connection, which is what the SDKs' are.
 */
import net from 'node:net';
import { once } from 'node:events';
import rhea, { type Connection, type EventContext } from 'rhea';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import '../../src/drivers/azure/amqp-transport-tuning.js';

let server: net.Server;
let port: number;
const received: string[] = [];

beforeAll(async () => {
  const container = rhea.create_container({ id: 'tuning-test-peer' });
  container.on('message', (context: EventContext) => received.push(String(context.message?.body)));
  server = container.listen({ port: 0, host: '127.0.0.1' }) as unknown as net.Server;
  await once(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  vi.restoreAllMocks();
  await new Promise((resolve) => server.close(resolve));
});

it('amqp - transfers sent in one turn go out in one socket write', async () => {
  const connection: Connection = rhea.create_container({ id: 'tuning-test-client' }).connect({ host: '127.0.0.1', port, reconnect: false });
  const sender = connection.open_sender('batch');
  await once(sender as never, 'sendable');
  const socket = (connection as unknown as { socket: net.Socket }).socket;
  // Every write a net.Socket makes (write or writev) passes through _writeGeneric.
  let writes = 0;
  const original = (net.Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown })._writeGeneric;
  vi.spyOn(net.Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown }, '_writeGeneric').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    if (this === socket) writes++;
    return original.apply(this, args);
  });
  for (let i = 0; i < 10; i++) sender.send({ body: `m${i}` });
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toBe(1);
  for (let waited = 0; received.length < 10 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(received).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
  connection.close();
});
