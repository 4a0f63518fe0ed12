/**
 * Two changes to how rhea writes to the socket of every AMQP connection the Azure SDKs open.
 * The SDKs (through rhea-promise) expose neither, so both are made on rhea's Connection
 * prototype; this module is imported for its effect by the AMQP drivers.
 *
 * 1. Nagle off. rhea turns it off only when a receiver is attached through the connection object
 *    itself, which the SDKs never do, and rhea-promise creates connections without a container,
 *    so no container option reaches them. A small frame that follows one not yet acknowledged
 *    then waits for the broker's delayed ACK (~40 ms on Linux): against the Event Hubs test
 *    broker, appends through the sidecar went from ~200 to ~3,400 events/s with Nagle off. What
 *    every rhea connection consults is `get_option`, whose fallback for `tcp_no_delay` this turns
 *    to true; a connection that sets the option explicitly still decides for itself.
 *
 * 2. Frames written in one tick leave in one write. rhea writes every frame with its own
 *    `socket.write`, and with Nagle off each becomes its own syscall and TCP segment (its own TLS
 *    record against Azure): a sidecar settling 32 deliveries in one turn made 32 writes of ~20
 *    bytes. `output` now corks the socket and uncorks it on the next tick, so the frames of one
 *    turn go out in one writev. Nothing waits longer than the current tick; `end()` flushes a
 *    corked socket itself.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

interface RheaConnection {
  socket?: Socket;
  socket_ready?: boolean;
}

interface RheaConnectionClass {
  prototype: {
    get_option(this: RheaConnection, name: string, fallback: unknown): unknown;
    output(this: RheaConnection): void;
  };
}

const require = createRequire(import.meta.url);
const { prototype } = require('rhea/lib/connection.js') as RheaConnectionClass;

const getOption = prototype.get_option;
prototype.get_option = function (name: string, fallback: unknown): unknown {
  return getOption.call(this, name, name === 'tcp_no_delay' ? true : fallback);
};

const corked = new WeakSet<Socket>();

function uncork(socket: Socket): void {
  corked.delete(socket);
  socket.uncork();
}

const output = prototype.output;
prototype.output = function (): void {
  const socket = this.socket;
  if (socket !== undefined && this.socket_ready === true && !corked.has(socket) && !socket.destroyed) {
    corked.add(socket);
    socket.cork();
    setImmediate(uncork, socket);
  }
  output.call(this);
};
