/**
 * Nagle's algorithm off for every AMQP connection the Azure SDKs open.
 *
 * Why: the SDKs (through rhea-promise) give no way to set rhea's `tcp_no_delay`, and rhea turns
 * Nagle off only when a receiver is attached through the connection object itself, which the
 * SDKs never do. A small frame that follows one not yet acknowledged then waits for the
 * broker's delayed ACK (~40 ms on Linux): against the Event Hubs test broker, appends through
 * the sidecar went from ~200 to ~3,400 events/s with Nagle off. Every AMQP exchange a sidecar
 * makes is request/response-like, so there is nothing for Nagle to save.
 *
 * How: rhea-promise creates its connections without a container, so no container option
 * reaches them; what every rhea connection consults is `Connection.prototype.get_option`, whose
 * fallback for `tcp_no_delay` this turns to true. A connection that sets the option explicitly
 * still decides for itself. Imported for its effect by the AMQP drivers.
 */
import { createRequire } from 'node:module';

interface RheaConnectionClass {
  prototype: { get_option(this: unknown, name: string, fallback: unknown): unknown };
}

const require = createRequire(import.meta.url);
const { prototype } = require('rhea/lib/connection.js') as RheaConnectionClass;
const getOption = prototype.get_option;
prototype.get_option = function (this: unknown, name: string, fallback: unknown): unknown {
  return getOption.call(this, name, name === 'tcp_no_delay' ? true : fallback);
};
