/**
 * Interop with every other Storage Queue client, both ways and in both encodings: what Outrigger
 * writes is one JSON document (a structured-mode CloudEvent) to the plain SDK, and what the plain
 * SDK writes (Base64, as Azure Functions expects, or plain text) is delivered with its body as the
 * data and a CloudEvent id from the message id.
 */
import { describe, expect, it } from 'vitest';
import { message, receiveOne, text, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue();

describe('storage queue driver - interop with the plain SDK', () => {
  it('interop - base64: a message Outrigger writes is Base64 of one CloudEvents JSON document, exactly as sent', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const headers = { 'content-type': 'application/json', 'ce-type': 'ShipOrder', 'ce-source': '/shop', 'traceparent': '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    await driver.queues.send(inbox.queue, [message(1, { headers, data: new TextEncoder().encode('{"order":42}'), idempotencyKey: 'k-1' })]);
    const [item] = (await sq.sdk(inbox.queue).receiveMessages()).receivedMessageItems;
    const document = JSON.parse(Buffer.from(item?.messageText ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
    expect(document).toMatchObject({ specversion: '1.0', id: 'm-1', type: 'ShipOrder', source: '/shop', datacontenttype: 'application/json', data: { order: 42 }, outriggeridempotencykey: 'k-1' });
    expect(JSON.parse(document.outriggerheaders as string)).toEqual({ traceparent: headers.traceparent });
  });

  it('interop - text: a message Outrigger writes is the JSON document itself, binary data as data_base64', async () => {
    const driver = await sq.driver({ messageEncoding: 'text' });
    const inbox = await sq.queue(driver);
    await driver.queues.send(inbox.queue, [message(1, { headers: { 'content-type': 'application/octet-stream' }, data: Uint8Array.from([0, 255, 7]) })]);
    const [item] = (await sq.sdk(inbox.queue).receiveMessages()).receivedMessageItems;
    expect(JSON.parse(item?.messageText ?? '')).toMatchObject({ specversion: '1.0', id: 'm-1', datacontenttype: 'application/octet-stream', data_base64: Buffer.from([0, 255, 7]).toString('base64') });
  });

  it('interop - base64: a Base64 message of another client is delivered with the decoded body and the message id as CloudEvent id', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const sent = await sq.sdk(inbox.queue).sendMessage(Buffer.from('grüße from a Function').toString('base64'));
    const delivery = await receiveOne(driver, inbox);
    expect(text(delivery.data)).toBe('grüße from a Function');
    expect(delivery).toMatchObject({ id: sent.messageId, attempt: 1, headers: { 'ce-id': sent.messageId, 'ce-specversion': '1.0' } });
    await driver.inboxes.ack(inbox, delivery.lease);
  });

  it('interop - text: a plain-text message of another client is delivered as it was written', async () => {
    const driver = await sq.driver({ messageEncoding: 'text' });
    const inbox = await sq.queue(driver);
    const sent = await sq.sdk(inbox.queue).sendMessage('hello, plain text');
    const delivery = await receiveOne(driver, inbox);
    expect(text(delivery.data)).toBe('hello, plain text');
    expect(delivery.id).toBe(sent.messageId);
  });

  it('interop - every header, binary data and the keys come back exactly, whichever encoding wrote them', async () => {
    const base64 = await sq.driver();
    const plain = await sq.driver({ messageEncoding: 'text' });
    const inbox = await sq.queue(base64);
    const headers = { 'content-type': 'application/json', 'ce-id': 'm-1', 'ce-specversion': '1.0', 'ce-type': 'T', 'ce-x-odd': 'dash', 'x-note': 'grüße ✓' };
    const data = new TextEncoder().encode('{ "spaced": true }');
    await base64.queues.send(inbox.queue, [message(1, { headers, data })]);
    await plain.queues.send(inbox.queue, [message(2, { headers: { 'ce-type': 'U' }, data: Uint8Array.from([1, 2, 3]) })]);
    // Each driver reads the other's encoding.
    const first = await receiveOne(plain, inbox);
    expect(first.headers).toEqual(headers);
    expect(text(first.data)).toBe('{ "spaced": true }');
    const second = await receiveOne(base64, inbox);
    expect(second.headers).toEqual({ 'ce-type': 'U' });
    expect(Array.from(second.data)).toEqual([1, 2, 3]);
  });
});
