/**
 * Inbox depth on Service Bus: the driver reads message counts through the SDK's administration
 * client (HTTPS ATOM), here from the test broker's administration endpoint on the AMQP port.
 * Mapping under test (src/drivers/azure-servicebus/depth.ts): inFlight = what this driver holds,
 * ready = active - inFlight, deadLettered = the dead-letter count, scheduled messages in neither.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { createServiceBusDriver, type ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { ServiceBusTestBroker, TEST_CERT_PATH } from '../../infra/servicebus-broker/broker.js';
import { expectCode } from '../../conformance/support.js';

let broker: ServiceBusTestBroker;
const drivers: ServiceBusDriver[] = [];
let counter = 0;

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start({
    sasPolicies: {
      k: { key: 'v', rights: ['Manage', 'Send', 'Listen'] },
      app: { key: 'app-key', rights: ['Send', 'Listen'] },
    },
  });
});
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((driver) => driver.close()));
});
afterAll(async () => {
  await broker?.stop();
});

async function open(connectionString = broker.connectionString): Promise<ServiceBusDriver> {
  const driver = await createServiceBusDriver({ name: 'bus', settings: { connectionString }, dataDir: '.' });
  drivers.push(driver);
  await driver.connect();
  return driver;
}

function queue(): InboxRef & { kind: 'queue' } {
  const name = `depth-${process.pid}-${++counter}`;
  broker.createQueue(name);
  return { kind: 'queue', queue: name };
}

function message(n: number): OutboundMessage {
  return { id: `m-${n}`, headers: { 'content-type': 'text/plain', 'ce-type': 'Test' }, data: new TextEncoder().encode(`body ${n}`) };
}

async function receive(driver: ServiceBusDriver, inbox: InboxRef, count: number): Promise<Delivery[]> {
  const got: Delivery[] = [];
  const deadline = Date.now() + 3000;
  while (got.length < count && Date.now() < deadline) got.push(...(await driver.inboxes.receive(inbox, { max: count - got.length, waitMs: 200 })));
  expect(got).toHaveLength(count);
  return got;
}

describe('servicebus depth - counts from the administration API', () => {
  it('depth - an empty queue is all zeros', async () => {
    const driver = await open();
    expect(await driver.inboxes.depth(queue())).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });

  it('depth - sent messages are ready; one held by this driver is in flight, not ready; dead letters are counted', async () => {
    const driver = await open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1), message(2), message(3)]);
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 3, inFlight: 0, deadLettered: 0 });

    const [held] = await receive(driver, inbox, 1);
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 2, inFlight: 1, deadLettered: 0 });

    await driver.inboxes.nack(inbox, (held as Delivery).lease, { deadLetter: true, reason: 'test' });
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 2, inFlight: 0, deadLettered: 1 });
  });

  it('depth - a message another replica holds is still ready to this one (the service does not say who holds a lock)', async () => {
    const [mine, other] = [await open(), await open()];
    const inbox = queue();
    await mine.queues.send(inbox.queue, [message(1), message(2)]);
    await receive(other, inbox, 1);
    expect(await mine.inboxes.depth(inbox)).toEqual({ ready: 2, inFlight: 0, deadLettered: 0 });
    expect(await other.inboxes.depth(inbox)).toEqual({ ready: 1, inFlight: 1, deadLettered: 0 });
  });

  it('depth - on a session-enabled queue, deliveries held through session receivers are in flight too', async () => {
    const driver = await open();
    const name = `depth-sessions-${process.pid}-${++counter}`;
    broker.createQueue(name, { requiresSession: true });
    const inbox: InboxRef = { kind: 'queue', queue: name };
    await driver.queues.send(name, [{ ...message(1), orderingKey: 'a' }, { ...message(2), orderingKey: 'a' }, { ...message(3), orderingKey: 'b' }]);
    // One message per key at a time: keys a and b give two deliveries, the second of a waits.
    await receive(driver, inbox, 2);
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 1, inFlight: 2, deadLettered: 0 });
  });

  it('depth - a queue message nacked with a delay is scheduled: neither ready nor in flight until it is due', async () => {
    const driver = await open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const [delivery] = await receive(driver, inbox, 1);
    await driver.inboxes.nack(inbox, (delivery as Delivery).lease, { retryAfterMs: 60_000 });
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
    expect(broker.queues.get(inbox.queue)?.counts()).toMatchObject({ active: 0, scheduled: 1 });
  });

  it('depth - a subscription reports its own counts, not its topic siblings\'', async () => {
    const driver = await open();
    const topic = `depth-topic-${process.pid}-${++counter}`;
    broker.createTopic(topic);
    broker.createSubscription(topic, 'a');
    broker.createSubscription(topic, 'b');
    const a: InboxRef = { kind: 'subscription', topic, subscription: 'a' };
    const b: InboxRef = { kind: 'subscription', topic, subscription: 'b' };
    await driver.topics.publish(topic, [message(1), message(2)]);
    const [held] = await receive(driver, a, 1);
    await driver.inboxes.nack(a, (held as Delivery).lease, { deadLetter: true });
    expect(await driver.inboxes.depth(a)).toEqual({ ready: 1, inFlight: 0, deadLettered: 1 });
    expect(await driver.inboxes.depth(b)).toEqual({ ready: 2, inFlight: 0, deadLettered: 0 });
  });
});

describe('servicebus depth - refusals', () => {
  it('depth - an unknown queue, topic or subscription is unknown_resource', async () => {
    const driver = await open();
    const topic = `depth-topic-${process.pid}-${++counter}`;
    broker.createTopic(topic);
    await expectCode(driver.inboxes.depth({ kind: 'queue', queue: 'no-such-queue' }), 'unknown_resource');
    await expectCode(driver.inboxes.depth({ kind: 'subscription', topic, subscription: 'no-such-sub' }), 'unknown_resource');
    await expectCode(driver.inboxes.depth({ kind: 'subscription', topic: 'no-such-topic', subscription: 's' }), 'unknown_resource');
  });

  it('depth - a policy without Manage is refused with an error naming the right, and the driver keeps working', async () => {
    const driver = await open(broker.connectionStringFor('app', 'app-key'));
    const inbox = queue();
    const error = await expectCode(driver.inboxes.depth(inbox), 'broker_unavailable');
    expect(error.retriable).toBe(false);
    expect(error.message).toMatch(/Manage right/);
    expect(error.message).toMatch(/Azure Service Bus Data Owner/);
    // Sending and receiving need no more than Send and Listen.
    await driver.queues.send(inbox.queue, [message(1)]);
    await receive(driver, inbox, 1);
  });

  it('depth - a wrong key is refused the same way (the endpoint checks the SAS signature)', async () => {
    const driver = await open(broker.connectionStringFor('k', 'not-the-key'));
    const error = await expectCode(driver.inboxes.depth(queue()), 'broker_unavailable');
    expect(error.message).toMatch(/refused access/);
    expect(error.message).toMatch(/InvalidSignature/);
  });

  it('depth - a connection string without a key cannot sign administration requests: unsupported_operation', async () => {
    const driver = await open(`Endpoint=sb://127.0.0.1:${broker.port};SharedAccessSignature=SharedAccessSignature sr=x&sig=y&se=9999999999&skn=k;UseDevelopmentEmulator=true`);
    const error = await expectCode(driver.inboxes.depth(queue()), 'unsupported_operation');
    expect(error.message).toMatch(/SharedAccessKey/);
  });
});

describe('servicebus depth - the built daemon with a policy without Manage', () => {
  let daemon: RunningDaemon | undefined;
  afterAll(async () => {
    await daemon?.stop();
  });

  it('daemon - depth gauges are left out (never stale), the reason is logged once, and commands still work', async () => {
    const { queue: name } = queue();
    daemon = await startDaemon({
      config: {
        app: { id: 'sb-depth' },
        brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}' } },
        queues: { [name]: { broker: 'bus' } },
      },
      env: { SB: broker.connectionStringFor('app', 'app-key'), NODE_EXTRA_CA_CERTS: TEST_CERT_PATH },
    });
    const sent = await fetch(`${daemon.url}/v1/command/${name}`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(sent.status).toBe(202);
    for (let scrape = 0; scrape < 3; scrape++) {
      const text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
      expect(text).not.toContain(`outrigger_queue_depth{resource="${name}"`);
    }
    const warnings = daemon.output().split('\n').filter((line) => line.includes('broker gauges (depth or lag) unavailable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Manage right/);
  });
});
