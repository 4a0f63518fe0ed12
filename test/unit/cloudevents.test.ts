import { describe, expect, it } from 'vitest';
import { encodeData, fromBinary, fromStructured, isJsonContentType, isSerialisedJson, toHeaders } from '../../src/core/cloudevents.js';
import { OutriggerError } from '../../src/kernel/errors.js';

const defaults = { source: 'orders', type: 'orders' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof OutriggerError ? err.code : 'not-outrigger';
  }
  return undefined;
}

describe('cloudevents - binary mode', () => {
  it('fills required attributes from defaults and keeps given ones', () => {
    const event = fromBinary({ 'ce-type': 'OrderCreated', 'ce-subject': 'order/1', 'content-type': 'application/json' }, Buffer.from('{}'), defaults);
    expect(event.type).toBe('OrderCreated');
    expect(event.source).toBe('orders');
    expect(event.subject).toBe('order/1');
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.datacontenttype).toBe('application/json');
  });

  it('keeps extensions and traceparent through the stored header form', () => {
    const event = fromBinary({ 'ce-partitionkey': 'k1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, Buffer.from('x'), defaults);
    const headers = toHeaders(event);
    expect(headers['ce-partitionkey']).toBe('k1');
    expect(headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(headers['ce-specversion']).toBe('1.0');
  });

  it('reads ce- headers in any case, ignores other headers, and stamps the time when none is given', () => {
    const event = fromBinary({ 'CE-Type': 'Upper', 'Ce-Subject': 's', cex: 'no', 'ce': 'no', 'ce-': undefined, accept: '*/*' }, Buffer.alloc(0), defaults);
    expect(event.type).toBe('Upper');
    expect(event.subject).toBe('s');
    expect(event.extensions).toEqual({});
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(event.time!) - Date.now())).toBeLessThan(60_000);
  });

  it('refuses another specversion, bad attribute names and bad times', () => {
    expect(codeOf(() => fromBinary({ 'ce-specversion': '0.3' }, Buffer.alloc(0), defaults))).toBe('invalid_cloudevent');
    expect(codeOf(() => fromBinary({ 'ce-Bad_Name': 'x' }, Buffer.alloc(0), defaults))).toBe('invalid_header');
    expect(codeOf(() => fromBinary({ 'ce-time': 'yesterday' }, Buffer.alloc(0), defaults))).toBe('invalid_cloudevent');
  });
});

describe('cloudevents - structured mode', () => {
  const base = { specversion: '1.0', id: 'e1', source: 'test', type: 'T' };

  it('encodes JSON data and keeps extension attributes', () => {
    const event = fromStructured({ ...base, data: { a: 1 }, partitionkey: 'p', count: 3 });
    expect(Buffer.from(event.data).toString()).toBe('{"a":1}');
    expect(event.datacontenttype).toBe('application/json');
    expect(event.extensions).toEqual({ partitionkey: 'p', count: '3' });
  });

  it('marks only the data it serialised itself as JSON by construction', () => {
    expect(isSerialisedJson(fromStructured({ ...base, data: { a: 1 } }).data)).toBe(true);
    expect(isSerialisedJson(fromStructured({ ...base, datacontenttype: 'text/plain', data: '{' }).data)).toBe(false);
    expect(isSerialisedJson(fromStructured({ ...base, datacontenttype: 'application/json', data_base64: 'ew==' }).data)).toBe(false);
    expect(isSerialisedJson(Buffer.from('{"a":1}'))).toBe(false);
  });

  it('judges content types alike the first time and when it has seen them', () => {
    for (let i = 0; i < 2; i++) {
      expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
      expect(isJsonContentType('application/cloudevents+json')).toBe(true);
      expect(isJsonContentType('text/plain')).toBe(false);
    }
  });

  it('decodes data_base64 byte for byte', () => {
    const bytes = Buffer.from([0, 255, 1, 254]);
    const event = fromStructured({ ...base, data_base64: bytes.toString('base64') });
    expect(Buffer.from(event.data).equals(bytes)).toBe(true);
  });

  it('names the entry and the attribute that is wrong', () => {
    try {
      fromStructured({ ...base, id: '' }, 4);
      expect.unreachable();
    } catch (err) {
      expect((err as OutriggerError).code).toBe('invalid_cloudevent');
      expect((err as OutriggerError).message).toContain('entry 4');
      expect((err as OutriggerError).message).toContain("'id'");
    }
    expect(codeOf(() => fromStructured([]))).toBe('invalid_cloudevent');
    expect(codeOf(() => fromStructured({ ...base, specversion: '1.1' }))).toBe('invalid_cloudevent');
    expect(codeOf(() => fromStructured({ ...base, data: 1, data_base64: 'AA==' }))).toBe('invalid_cloudevent');
    expect(codeOf(() => fromStructured({ ...base, nested: { no: 1 } }))).toBe('invalid_cloudevent');
  });
});

describe('cloudevents - data encoding for JSON output', () => {
  it('gives JSON as a value, text as a string and anything else as base64', () => {
    expect(encodeData({ 'content-type': 'application/json' }, Buffer.from('{"x":[1]}'))).toEqual({ data: { x: [1] } });
    expect(encodeData({ 'content-type': 'text/plain' }, Buffer.from('héllo'))).toEqual({ data: 'héllo' });
    expect(encodeData({ 'content-type': 'application/octet-stream' }, Buffer.from([1, 2]))).toEqual({ data_base64: 'AQI=' });
    expect(encodeData({ 'content-type': 'application/json' }, Buffer.from('{broken'))).toEqual({ data_base64: Buffer.from('{broken').toString('base64') });
    expect(encodeData({}, Buffer.alloc(0))).toEqual({});
  });
});

describe('cloudevents - misspelt attributes', () => {
  const structured = { specversion: '1.0', id: 'a', source: 's', type: 't' };

  it('refuses an extension one letter away from an attribute, in either mode', () => {
    expect(() => fromStructured({ ...structured, subjet: 'x' })).toThrow("'subjet' looks like a misspelt 'subject'");
    // Asked again, after other names were found fine: still refused.
    fromStructured({ ...structured, partitionkey: 'k' });
    expect(() => fromStructured({ ...structured, subjet: 'x' })).toThrow("'subjet' looks like a misspelt 'subject'");
    expect(() => fromStructured({ ...structured, datacontentype: 'application/json' })).toThrow("misspelt 'datacontenttype'");
    expect(() => fromStructured({ ...structured, database64: 'AA==' })).toThrow("misspelt 'data_base64'");
    expect(() => fromBinary({ 'ce-subjct': 'x' }, new Uint8Array(0), { source: 's', type: 't' })).toThrow("misspelt 'subject'");
  });

  it('keeps real extensions, even those that begin like an attribute', () => {
    const event = fromStructured({ ...structured, dataref: 'https://x/1', partitionkey: 'k', sequence: '7', times: '3' });
    expect(event.extensions).toEqual({ dataref: 'https://x/1', partitionkey: 'k', sequence: '7', times: '3' });
  });
});
