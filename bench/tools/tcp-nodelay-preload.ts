/**
 * Diagnostic preload (BENCH_EH_NODELAY=1 in run-eventhubs): turns Nagle's algorithm off on every
 * TCP socket the daemon opens. rhea turns it on only when a receiver is attached through the
 * connection itself, so the SDK's producer connections keep Nagle, and a request that follows an
 * unacknowledged small write waits for the peer's delayed ACK. Not for the record: it shows how
 * much of the append cost that accounts for.
 */
import net from 'node:net';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  this.setNoDelay(true);
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;
