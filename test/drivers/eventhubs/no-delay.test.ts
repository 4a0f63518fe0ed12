/**
 * The AMQP drivers turn Nagle's algorithm off on the connections the Azure SDKs open (see
 * src/drivers/azure/amqp-transport-tuning.ts: with it on, each small frame after an unacknowledged one waits
 * for the broker's delayed ACK, and appends ran at ~200/s). Evidence: the socket to the broker
 * is told setNoDelay(true), which rhea does not do for the SDKs' connections by itself.
 */
import net from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createEventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';
import { createServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { EventHubsTestBroker } from '../../infra/eventhubs-broker/broker.js';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';

let eventHubs: EventHubsTestBroker;
let serviceBus: ServiceBusTestBroker;

beforeAll(async () => {
  eventHubs = await EventHubsTestBroker.start({ autoCreatePartitions: 2 });
  serviceBus = await ServiceBusTestBroker.start({ autoCreate: () => 'queue' });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await eventHubs?.stop();
  await serviceBus?.stop();
});

/** Runs `work`, which gets the remote ports of the sockets told setNoDelay(true) so far. */
async function watchNoDelay(work: (ports: () => number[]) => Promise<void>): Promise<void> {
  const sockets: net.Socket[] = [];
  const original = net.Socket.prototype.setNoDelay;
  const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay').mockImplementation(function (this: net.Socket, noDelay?: boolean) {
    if (noDelay !== false) sockets.push(this);
    return original.call(this, noDelay);
  });
  try {
    await work(() => sockets.map((socket) => socket.remotePort ?? -1));
  } finally {
    spy.mockRestore();
  }
}

it('amqp - the Event Hubs driver connection to the broker has Nagle off', async () => {
  await watchNoDelay(async (ports) => {
    const driver = await createEventHubsDriver({ name: 'eh', settings: { connectionString: eventHubs.connectionString }, dataDir: '.' });
    await driver.connect();
    await driver.streams.append('nagle', [{ id: 'e1', headers: {}, data: new Uint8Array([1]) }]);
    expect(ports()).toContain(eventHubs.port);
    await driver.close();
  });
});

it('amqp - the Service Bus driver connection to the broker has Nagle off', async () => {
  await watchNoDelay(async (ports) => {
    const driver = await createServiceBusDriver({ name: 'sb', settings: { connectionString: serviceBus.connectionString }, dataDir: '.' });
    await driver.connect();
    await driver.queues!.send('nagle', [{ id: 'm1', headers: {}, data: new Uint8Array([1]) }]);
    expect(ports()).toContain(serviceBus.port);
    await driver.close();
  });
});
