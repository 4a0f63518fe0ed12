import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, OutriggerError, toOutriggerError } from '../../src/kernel/errors.js';
import { problemDocument } from '../../src/kernel/problem.js';

describe('errors - the catalogue', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Map(
    [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \| ([A-Z_]+) \|/gm)].map((m) => [m[1]!, { http: Number(m[2]), grpc: m[3]! }]),
  );

  it('is documented code by code, with the same HTTP and gRPC statuses', () => {
    const table = Object.fromEntries(Object.entries(errorCatalogue).map(([code, entry]) => [code, { http: entry.http, grpc: entry.grpc }]));
    expect(Object.fromEntries(documented)).toEqual(table);
  });

  it('never maps a client error to 5xx or a server error to 4xx', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      const serverSide = ['internal', 'broker_unavailable', 'circuit_open', 'target_unavailable', 'shutting_down', 'timeout'].includes(code);
      expect(entry.http >= 500, code).toBe(serverSide);
    }
  });

  it('renders RFC 9457 problem documents with extensions', () => {
    const error = new OutriggerError('payload_too_large', 'too big', { extensions: { limit: 10 } });
    expect(problemDocument(error, '/v1/publish/x')).toEqual({
      type: 'https://outrigger.dev/problems/payload-too-large',
      title: 'Payload too large',
      status: 413,
      code: 'payload_too_large',
      detail: 'too big',
      instance: '/v1/publish/x',
      limit: 10,
    });
  });

  it('turns foreign errors into internal errors without leaking their message', () => {
    const error = toOutriggerError(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('/secret/path');
  });
});
