import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { httpLimits, limitedServerOptions, limitServer } from '../../src/api/http-limits.js';

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
});
