/**
 * The Event Grid test server against the real SDKs, so that the driver tests stand on a server
 * that answers as the documented API does: keys and SAS tokens, both schemas, the 1 MB limits,
 * namespace locks (receive, acknowledge, release with delay, reject, renewLock, lock expiry,
 * max delivery count) and injected faults.
 */
import { AzureKeyCredential, AzureSASCredential, EventGridPublisherClient, generateSharedAccessSignature } from '@azure/eventgrid';
import { AzureKeyCredential as NamespaceKey, EventGridReceiverClient, EventGridSenderClient } from '@azure/eventgrid-namespaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, startEventGridServer, type EventGridServer } from '../../infra/eventgrid-server/server.js';
import { trustTestCertificate } from '../../infra/servicebus-broker/admin-http.js';

let server: EventGridServer;
const insecure = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };

beforeAll(async () => {
  server = await startEventGridServer({ namespace: { minWaitSeconds: 1, defaults: { lockMs: 400, maxDeliveryCount: 3 } } });
});
afterAll(() => server.close());

function publisher(topic: string, schema: 'CloudEvent' | 'EventGrid', key = server.key) {
  return new EventGridPublisherClient(server.topicEndpoint(topic), schema, new AzureKeyCredential(key), insecure);
}

describe('eventgrid test server - custom topics', () => {
  it('server - accepts CloudEvents and Event Grid schema events with the topic key', async () => {
    await publisher('t1', 'CloudEvent').send([{ type: 'OrderCreated', source: '/orders', data: { n: 1 } }]);
    await publisher('t1', 'EventGrid').send([{ eventType: 'OrderPaid', subject: 'orders/1', dataVersion: '1.0', data: { n: 2 } }]);
    const events = server.topics.events.get('t1') ?? [];
    expect(events.map((e) => [e.schema, e.event['type'] ?? e.event['eventType']])).toEqual([
      ['cloudevents', 'OrderCreated'],
      ['eventgrid', 'OrderPaid'],
    ]);
  });

  it('server - refuses a wrong key with 401 and accepts a SAS token signed with the key', async () => {
    await expect(publisher('t2', 'CloudEvent', Buffer.from('wrong').toString('base64')).send([{ type: 'x', source: 's', data: { n: 1 } }])).rejects.toMatchObject({ statusCode: 401 });
    const sas = await generateSharedAccessSignature(server.topicEndpoint('t2'), new AzureKeyCredential(server.key), new Date(Date.now() + 60_000));
    const client = new EventGridPublisherClient(server.topicEndpoint('t2'), 'CloudEvent', new AzureSASCredential(sas), insecure);
    await client.send([{ type: 'x', source: 's', data: { n: 1 } }]);
    const expired = await generateSharedAccessSignature(server.topicEndpoint('t2'), new AzureKeyCredential(server.key), new Date(Date.now() - 60_000));
    const stale = new EventGridPublisherClient(server.topicEndpoint('t2'), 'CloudEvent', new AzureSASCredential(expired), insecure);
    await expect(stale.send([{ type: 'x', source: 's', data: { n: 1 } }])).rejects.toMatchObject({ statusCode: 401 });
  });

  it('server - an event over 1 MB is refused with 413 and nothing of the request is kept', async () => {
    const big = 'x'.repeat(MAX_EVENT_BYTES);
    await expect(publisher('t3', 'CloudEvent').send([{ type: 'small', source: 's', data: { n: 1 } }, { type: 'big', source: 's', data: { big } }])).rejects.toMatchObject({ statusCode: 413 });
    expect(server.topics.events.get('t3')).toBeUndefined();
  });

  it('server - injected 503 and 429 answers carry Retry-After', async () => {
    server.faults.refuseNext(1, 503, { retryAfterSeconds: 7 });
    const err = (await publisher('t4', 'CloudEvent').send([{ type: 'x', source: 's', data: { n: 1 } }]).catch((e: unknown) => e)) as { statusCode: number; response: { headers: { get(n: string): string } } };
    expect(err.statusCode).toBe(503);
    expect(err.response.headers.get('retry-after')).toBe('7');
  });
});

describe('eventgrid test server - namespace topics', () => {
  const sender = (topic: string) => new EventGridSenderClient(server.url, new NamespaceKey(server.key), topic, insecure);
  const receiver = (topic: string, sub: string) => new EventGridReceiverClient(server.url, new NamespaceKey(server.key), topic, sub, insecure);

  it('server - publish, receive with a lock token, acknowledge', async () => {
    server.namespace.createSubscription('n1', 's');
    await sender('n1').sendEvents([{ id: 'e-A', type: 'A', source: 'src', data: { n: 1 } }]);
    const got = await receiver('n1', 's').receiveEvents({ maxEvents: 10, maxWaitTime: 1 });
    expect(got.details.map((d) => [d.event.type, d.brokerProperties.deliveryCount])).toEqual([['A', 1]]);
    const ack = await receiver('n1', 's').acknowledgeEvents([got.details[0]!.brokerProperties.lockToken]);
    expect(ack.succeededLockTokens).toHaveLength(1);
    expect((await receiver('n1', 's').receiveEvents({ maxEvents: 10, maxWaitTime: 1 })).details).toEqual([]);
  });

  it('server - release, lock expiry and renewLock; max delivery count dead-letters', async () => {
    server.namespace.createSubscription('n2', 's');
    await sender('n2').sendEvents([{ id: 'e-B', type: 'B', source: 'src', data: { n: 1 } }]);
    const r = receiver('n2', 's');
    const first = (await r.receiveEvents({ maxEvents: 1, maxWaitTime: 1 })).details[0]!;
    expect((await r.renewEventLocks([first.brokerProperties.lockToken])).succeededLockTokens).toHaveLength(1);
    await r.releaseEvents([first.brokerProperties.lockToken]);
    const second = (await r.receiveEvents({ maxEvents: 1, maxWaitTime: 1 })).details[0]!;
    expect(second.brokerProperties.deliveryCount).toBe(2);
    // Not settled: the 400 ms lock runs out and the event comes back.
    const third = (await r.receiveEvents({ maxEvents: 1, maxWaitTime: 2 })).details[0]!;
    expect(third.brokerProperties.deliveryCount).toBe(3);
    const late = await r.acknowledgeEvents([second.brokerProperties.lockToken]);
    expect(late.failedLockTokens.map((f) => f.lockToken)).toEqual([second.brokerProperties.lockToken]);
    await r.releaseEvents([third.brokerProperties.lockToken]);
    expect((await r.receiveEvents({ maxEvents: 1, maxWaitTime: 1 })).details).toEqual([]);
    expect(server.namespace.deadLetters('n2', 's').map((d) => d.reason)).toEqual(['MaxDeliveryCountExceeded']);
  });

  it('server - reject dead-letters; release with a delay outside the documented set is a 400', async () => {
    server.namespace.createSubscription('n3', 's');
    await sender('n3').sendEvents([{ id: 'e-C', type: 'C', source: 'src', data: { n: 1 } }]);
    const r = receiver('n3', 's');
    const got = (await r.receiveEvents({ maxEvents: 1, maxWaitTime: 1 })).details[0]!;
    await expect(r.releaseEvents([got.brokerProperties.lockToken], { releaseDelay: '5' })).rejects.toMatchObject({ statusCode: 400 });
    await r.rejectEvents([got.brokerProperties.lockToken]);
    expect(server.namespace.deadLetters('n3', 's').map((d) => d.reason)).toEqual(['Rejected']);
  });
});

describe('eventgrid test server - TLS and bearer tokens', () => {
  it('server - over https with the test certificate, a registered bearer token publishes and any other is 401', async () => {
    trustTestCertificate();
    const tls = await startEventGridServer({ tls: true, bearerTokens: ['token-for-tests'] });
    try {
      const credential = (token: string) => ({ getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) });
      const endpoint = tls.topicEndpoint('secure');
      await new EventGridPublisherClient(endpoint, 'CloudEvent', credential('token-for-tests'), { retryOptions: { maxRetries: 0 } }).send([{ type: 'x', source: 's', data: { n: 1 } }]);
      expect(tls.topics.events.get('secure')).toHaveLength(1);
      await expect(new EventGridPublisherClient(endpoint, 'CloudEvent', credential('other'), { retryOptions: { maxRetries: 0 } }).send([{ type: 'x', source: 's', data: { n: 1 } }])).rejects.toMatchObject({ statusCode: 401 });
    } finally {
      await tls.close();
    }
  });
});
