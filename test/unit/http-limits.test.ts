import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpLimits, limitedServerOptions, limitServer, requestUrl } from '../../src/api/http-limits.js';

/** Writes `request` raw and resolves with everything the server sent before closing. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('http limits - slow or flooding clients', () => {
  it('http - a server gets header and request timeouts, a header size and a header count', () => {
    const server = limitServer(createServer(limitedServerOptions));
    expect(server.headersTimeout).toBe(httpLimits.headersTimeoutMs);
    expect(server.requestTimeout).toBe(httpLimits.requestTimeoutMs);
    expect(server.requestTimeout).toBeGreaterThan(0);
    expect(server.maxHeadersCount).toBe(httpLimits.maxHeaders);
    expect(server.keepAliveTimeout).toBe(httpLimits.keepAliveTimeoutMs);
    expect(limitedServerOptions.maxHeaderSize).toBe(httpLimits.maxHeaderBytes);
  });

  // Found by the fuzz (test/fuzz): these came back with an empty body, not a problem document.
  it('http - a request the parser refuses is answered with a problem document and its code', async () => {
    const server = limitServer(createServer(limitedServerOptions, (_, res) => res.end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const cases: Array<[string, number, string]> = [
        ['FOO / HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'bad_request'],
        ['GET /a b HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'bad_request'],
        // Found by the fuzz: a CONNECT had its connection dropped without an answer.
        ['CONNECT x:443 HTTP/1.1\r\nhost: x:443\r\n\r\n', 405, 'method_not_allowed'],
        [`GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'b'.repeat(httpLimits.maxHeaderBytes)}\r\n\r\n`, 431, 'headers_too_large'],
      ];
      for (const [request, status, code] of cases) {
        const answer = await raw(port, request);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        expect(head.split('\r\n')[0], request.slice(0, 40)).toBe(`HTTP/1.1 ${status} ${{ 400: 'Bad Request', 405: 'Method Not Allowed', 431: 'Request Header Fields Too Large' }[status]}`);
        expect(head).toContain('content-type: application/problem+json');
        expect(JSON.parse(body)).toMatchObject({ status, code });
      }
    } finally {
      server.close();
    }
  });

  // Found by the fuzz: an absolute-form target that is not a URL was a 500 internal.
  it('http - a request target that is not a URL is the client error bad_request', () => {
    expect(requestUrl('http://127.0.0.1/v1/meta?x=1', 'http://base').pathname).toBe('/v1/meta');
    // A path that starts with // is a path, not a host: it was read as one, and '//' threw.
    expect(requestUrl('//', 'http://base').pathname).toBe('//');
    expect(requestUrl('//v1/meta?x=1', 'http://base').pathname).toBe('//v1/meta');
    for (const target of ['http://[::1', 'http://a:99999/v1/meta'])
      expect(() => requestUrl(target, 'http://base')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});
