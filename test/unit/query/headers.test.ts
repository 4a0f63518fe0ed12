import { describe, expect, it } from 'vitest';
import { endToEnd, ensureTraceparent, requestHeaders, responseHeaders } from '../../../src/core/query/headers.js';

describe('query - headers across the proxy', () => {
  it('drops hop-by-hop headers and those named in Connection', () => {
    const headers = endToEnd({
      Connection: 'close, X-Private',
      'x-private': 'p',
      'keep-alive': '5',
      'proxy-authorization': 'x',
      'proxy-anything': 'x',
      te: 'trailers',
      trailer: 'x',
      'transfer-encoding': 'chunked',
      upgrade: 'websocket',
      'X-Kept': 'yes',
      'set-cookie': ['a=1', 'b=2'],
      absent: undefined,
    });
    expect(headers).toEqual({ 'x-kept': 'yes', 'set-cookie': ['a=1', 'b=2'] });
    expect(responseHeaders({ connection: 'keep-alive', 'content-length': '5' })).toEqual({ 'content-length': '5' });
  });

  it('drops a header named in Connection wherever it appears, and reads Connection in any case or as a list', () => {
    expect(endToEnd({ 'x-private': 'p', 'x-kept': 'k', connection: 'X-Private' })).toEqual({ 'x-kept': 'k' });
    expect(endToEnd({ 'x-a': '1', 'x-b': '2', 'x-c': '3', Connection: ['x-a', 'Keep-Alive, X-B'] })).toEqual({ 'x-c': '3' });
    expect(endToEnd({ connection: 'Keep-Alive', 'keep-alive': 'timeout=5', close: 'kept' })).toEqual({ close: 'kept' });
  });

  it("keeps Outrigger's own headers to itself, and the caller's Authorization only when no API token is configured", () => {
    const incoming = { host: 'localhost:7700', expect: '100-continue', 'outrigger-timeout': '2s', authorization: 'Bearer t', accept: 'x' };
    expect(Object.keys(requestHeaders(incoming, { apiTokenConfigured: true })).sort()).toEqual(['accept', 'traceparent']);
    expect(requestHeaders(incoming, { apiTokenConfigured: false }).authorization).toBe('Bearer t');
  });

  it('keeps a valid traceparent and replaces a missing or malformed one (with its tracestate)', () => {
    const valid = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'a=b' };
    const kept = { ...valid };
    ensureTraceparent(kept);
    expect(kept).toEqual(valid);
    for (const bad of ['garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      const headers: Record<string, string> = { traceparent: bad, tracestate: 'a=b' };
      ensureTraceparent(headers);
      expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(headers.tracestate).toBeUndefined();
    }
  });
});
