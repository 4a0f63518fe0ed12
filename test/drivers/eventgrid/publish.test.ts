/**
 * Event Grid driver, custom topics and domains: what reaches the service in each schema, the
 * credentials, the 1 MB limits, coalescing, and how the service's refusals come back. The real
 * @azure/eventgrid SDK against our Event Grid test server.
 */
import { AzureKeyCredential, generateSharedAccessSignature } from '@azure/eventgrid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { judgeBrokerOutcome } from '../../../src/core/resilient-driver.js';
import { createEventGridDriver, type EventGridDriver } from '../../../src/drivers/azure-eventgrid/index.js';
import type { OutboundMessage } from '../../../src/drivers/contract.js';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { startEventGridServer, type EventGridServer } from '../../infra/eventgrid-server/server.js';
import { trustTestCertificate } from '../../infra/servicebus-broker/admin-http.js';

let server: EventGridServer;
const drivers: EventGridDriver[] = [];

beforeAll(async () => {
  server = await startEventGridServer();
});
afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
  await server.close();
});
beforeEach(() => server.faults.clear());

async function driverFor(topic: string, settings: Record<string, unknown> = {}): Promise<EventGridDriver> {
  const driver = await createEventGridDriver({ name: 'grid', settings: { endpoint: server.topicEndpoint(topic), key: server.key, ...settings }, dataDir: '.' });
  await driver.connect();
  drivers.push(driver);
  return driver;
}

function message(id: string, body: unknown, headers: Record<string, string> = {}): OutboundMessage {
  return {
    id,
    headers: { 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': 'orders-app', 'ce-type': 'OrderCreated', 'content-type': 'application/json', ...headers },
    data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

async function failure(promise: Promise<unknown>): Promise<OutriggerError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(OutriggerError);
  return err as OutriggerError;
}

describe('eventgrid driver - publish to custom topics', () => {
  it('publish - CloudEvents by default: attributes, tracing, other headers and JSON data as sent', async () => {
    const driver = await driverFor('ce1');
    const receipts = await driver.topics.publish('orders', [
      message('e1', { n: 1 }, { 'ce-subject': 'orders/1', 'ce-tenant': 'eu', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'x-custom': 'kept' }),
      { ...message('e2', ''), headers: { 'ce-type': 'Blob', 'ce-source': 's', 'content-type': 'application/octet-stream' }, data: new Uint8Array([0, 255, 7]) },
    ]);
    expect(receipts).toEqual([{ id: 'e1', duplicate: false }, { id: 'e2', duplicate: false }]);
    const [first, second] = server.topics.events.get('ce1')!;
    expect(first).toMatchObject({ schema: 'cloudevents', event: { specversion: '1.0', id: 'e1', source: 'orders-app', type: 'OrderCreated', subject: 'orders/1', tenant: 'eu', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', datacontenttype: 'application/json', data: { n: 1 } } });
    expect(JSON.parse(String(first!.event['outriggerheaders']))).toEqual({ 'x-custom': 'kept' });
    expect(second!.event).toMatchObject({ id: 'e2', data_base64: Buffer.from([0, 255, 7]).toString('base64'), datacontenttype: 'application/octet-stream' });
  });

  it('publish - schema: eventgrid maps type, subject, time and data; a domain names its topic per event', async () => {
    server.topics.domains.add('dom1');
    server.topics.schemas.set('dom1', 'eventgrid');
    const driver = await driverFor('dom1', { schema: 'eventgrid', domain: true });
    await driver.topics.publish('shipping', [message('g1', { n: 1 }, { 'ce-subject': 'orders/1', 'ce-time': '2026-12-04T10:00:00Z', 'ce-dataversion': '2.0' })]);
    expect(server.topics.events.get('dom1')).toEqual([
      { schema: 'eventgrid', domainTopic: 'shipping', event: { id: 'g1', eventType: 'OrderCreated', subject: 'orders/1', eventTime: '2026-12-04T10:00:00Z', dataVersion: '2.0', topic: 'shipping', data: { n: 1 } } },
    ]);
  });

  it('publish - a SAS token is accepted; a wrong key is access denied, final, with the service message', async () => {
    const sasToken = await generateSharedAccessSignature(server.topicEndpoint('sas1'), new AzureKeyCredential(server.key), new Date(Date.now() + 60_000));
    const driver = await driverFor('sas1', { key: undefined, sasToken });
    await driver.topics.publish('orders', [message('s1', { n: 1 })]);
    expect(server.topics.events.get('sas1')).toHaveLength(1);
    const wrong = await driverFor('sas1', { key: Buffer.from('nope').toString('base64') });
    const err = await failure(wrong.topics.publish('orders', [message('s2', { n: 2 })]));
    expect(err).toMatchObject({ code: 'broker_unavailable', retriable: false });
    expect(err.message).toMatch(/access denied \(401: The aeg-sas-key is not valid\.\)/);
  });

  it('publish - an event over 1 MB is payload_too_large naming the limit, and nothing of the call is sent', async () => {
    const driver = await driverFor('big1');
    const before = server.faults.calls.get('publish') ?? 0;
    const err = await failure(driver.topics.publish('orders', [message('ok', { n: 1 }), message('big', { pad: 'x'.repeat(1024 * 1024) })]));
    expect(err).toMatchObject({ code: 'payload_too_large', extensions: { limit: 1048576 } });
    expect(err.message).toMatch(/over the 1048576-byte \(1 MB\) event limit of Event Grid broker 'grid'/);
    expect(server.faults.calls.get('publish') ?? 0).toBe(before);
  });

  it('publish - calls over 1 MB together go in several requests, each under the request limit', async () => {
    const driver = await driverFor('split1');
    const events = Array.from({ length: 5 }, (_, i) => message(`p${i}`, { pad: 'y'.repeat(300 * 1024) }));
    await driver.topics.publish('orders', events);
    expect(server.topics.events.get('split1')?.map((e) => e.event['id'])).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('publish - concurrent publishes share requests, and each caller is answered', async () => {
    const driver = await driverFor('co1');
    server.faults.delayMs = 30;
    const before = server.faults.calls.get('publish') ?? 0;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => driver.topics.publish('orders', [message(`c${i}`, { i })])));
    expect(results.flat().map((r) => r.id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`).sort());
    expect(server.topics.events.get('co1')).toHaveLength(40);
    expect((server.faults.calls.get('publish') ?? 0) - before).toBeLessThan(20);
  });

  it('publish - a shared request refused for one caller\'s event is split: that caller fails, the others are accepted', async () => {
    const driver = await driverFor('iso1');
    const before = server.faults.calls.get('publish') ?? 0;
    server.faults.delayMs = 150;
    // Four requests in flight, so the next two callers queue and share the fifth.
    const first = Array.from({ length: 4 }, (_, i) => driver.topics.publish('orders', [message(`f${i}`, { i })]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The service requires a non-empty source; the driver passes the caller's through.
    const bad = driver.topics.publish('orders', [{ ...message('bad', { n: 0 }), headers: { ...message('bad', {}).headers, 'ce-source': '' } }]);
    const good = driver.topics.publish('orders', [message('good', { n: 1 })]);
    await Promise.all(first);
    const err = await failure(bad);
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/required property 'source' is missing or empty/);
    expect(await good).toEqual([{ id: 'good', duplicate: false }]);
    expect(server.topics.events.get('iso1')?.map((e) => e.event['id']).sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'good']);
    // Four alone, one shared and refused, then one per caller.
    expect((server.faults.calls.get('publish') ?? 0) - before).toBe(7);
  });

  it('publish - a caller that gives up while its events wait for a request is answered timeout, and they are never sent', async () => {
    const driver = await driverFor('gone1');
    server.faults.delayMs = 300;
    const busy = Array.from({ length: 4 }, (_, i) => driver.topics.publish('orders', [message(`b${i}`, { i })]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const err = await failure(driver.topics.publish('orders', [message('given-up', { n: 1 })], AbortSignal.timeout(50)));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/none of its events was sent/);
    await Promise.all(busy);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.topics.events.get('gone1')?.map((e) => e.event['id']).sort()).toEqual(['b0', 'b1', 'b2', 'b3']);
  });

  it('publish - 503 and 429 are broker_unavailable, retriable with Retry-After, and safe for the broker policy to repeat', async () => {
    const driver = await driverFor('busy1');
    for (const status of [503, 429]) {
      server.faults.refuseNext(1, status, { retryAfterSeconds: 3 });
      const err = await failure(driver.topics.publish('orders', [message(`b${status}`, { n: 1 })]));
      expect(err).toMatchObject({ code: 'broker_unavailable', retriable: true, unprocessed: true, retryAfterSeconds: 3 });
      expect(judgeBrokerOutcome({ ok: false, error: err })).toMatchObject({ retry: 'yes', retryAfterMs: 3000 });
    }
    expect(driver.eventCounts()).toMatchObject({ server_busy: 2 });
    await driver.topics.publish('orders', [message('after', { n: 1 })]);
    expect(driver.isConnected()).toBe(true);
  });

  it('publish - another 4xx is bad_request carrying the service message', async () => {
    server.topics.schemas.set('schema1', 'eventgrid');
    const driver = await driverFor('schema1');
    const err = await failure(driver.topics.publish('orders', [message('m1', { n: 1 })]));
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/refused by the service: 400 This topic accepts the Event Grid schema/);
  });

  it('publish - after the service drops every connection, publishing works again', async () => {
    const driver = await driverFor('drop1');
    await driver.topics.publish('orders', [message('d1', { n: 1 })]);
    server.dropConnections();
    await driver.topics.publish('orders', [message('d2', { n: 2 })]);
    expect(server.topics.events.get('drop1')?.map((e) => e.event['id'])).toEqual(['d1', 'd2']);
    expect(driver.isConnected()).toBe(true);
  });

  it('publish - a pooled connection the service closed while idle fails the publish once; it is sent again on a new one', async () => {
    const driver = await driverFor('stale1');
    await driver.topics.publish('orders', [message('k1', { n: 1 })]);
    server.faults.resetNext(1);
    await driver.topics.publish('orders', [message('k2', { n: 2 })]);
    expect(server.faults.resetsLeft).toBe(0);
    expect(server.topics.events.get('stale1')?.map((e) => e.event['id'])).toEqual(['k1', 'k2']);
    expect(driver.isConnected()).toBe(true);
  });

  it('publish - over https too, a pooled connection the service closed while idle costs one repeat', async () => {
    trustTestCertificate();
    const tls = await startEventGridServer({ tls: true });
    try {
      const driver = await createEventGridDriver({ name: 'grid', settings: { endpoint: tls.topicEndpoint('stale3'), key: tls.key }, dataDir: '.' });
      await driver.connect();
      drivers.push(driver);
      await driver.topics.publish('orders', [message('k1', { n: 1 })]);
      tls.faults.resetNext(1);
      await driver.topics.publish('orders', [message('k2', { n: 2 })]);
      expect(tls.faults.resetsLeft).toBe(0);
      expect(tls.topics.events.get('stale3')?.map((e) => e.event['id'])).toEqual(['k1', 'k2']);
    } finally {
      await tls.close();
    }
  });

  it('publish - a reset is sent again only once, and only from a reused connection; then it fails, not for the broker policy to repeat', async () => {
    const driver = await driverFor('stale2');
    await driver.topics.publish('orders', [message('k1', { n: 1 })]);
    server.faults.resetNext(3);
    const err = await failure(driver.topics.publish('orders', [message('k2', { n: 2 })]));
    expect(server.faults.resetsLeft).toBe(1);
    expect(err).toMatchObject({ code: 'broker_unavailable', retriable: true });
    expect(judgeBrokerOutcome({ ok: false, error: err })).toMatchObject({ retry: 'if-safe' });
    server.faults.clear();
    const fresh = await driverFor('stale2');
    server.faults.resetNext(2);
    await failure(fresh.topics.publish('orders', [message('k3', { n: 3 })]));
    expect(server.faults.resetsLeft).toBe(1);
    expect(server.topics.events.get('stale2')?.map((e) => e.event['id'])).toEqual(['k1']);
  });

  it('publish - a slow service is waited for, not cut short by the driver (timeouts are the broker policy\'s)', async () => {
    const driver = await driverFor('slow1');
    server.faults.delayMs = 1_500;
    const started = Date.now();
    await driver.topics.publish('orders', [message('s1', { n: 1 })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    const aborted = await failure(driver.topics.publish('orders', [message('s2', { n: 2 })], AbortSignal.timeout(200)));
    expect(aborted.code).toBe('timeout');
  });

  it('publish - an unreachable endpoint is broker_unavailable, retriable, and the driver reports itself disconnected', async () => {
    const gone = await startEventGridServer();
    const driver = await createEventGridDriver({ name: 'grid', settings: { endpoint: gone.topicEndpoint('x'), key: gone.key }, dataDir: '.' });
    await driver.connect();
    drivers.push(driver);
    await gone.close();
    const err = await failure(driver.topics.publish('orders', [message('u1', { n: 1 })]));
    expect(err).toMatchObject({ code: 'broker_unavailable', retriable: true });
    expect(driver.isConnected()).toBe(false);
  });

  it('publish - subscribing to a custom topic is refused at start-up naming the broker and what to use', async () => {
    const driver = await driverFor('sub1');
    const err = await failure(driver.topics.ensureSubscription('orders', 's', { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 }));
    expect(err.code).toBe('unsupported_operation');
    expect(err.message).toMatch(/Event Grid broker 'grid' publishes to an Event Grid custom topic or domain.*webhook.*namespaceEndpoint/);
  });
});
