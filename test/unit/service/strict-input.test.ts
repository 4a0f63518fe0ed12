import { describe, expect, it } from 'vitest';
import { checkDeclaredJson, refuseUnknownFields } from '../../../src/core/service/strict-input.js';
import { leaseFor, queueLease } from '../../../src/core/service/queue-lease.js';
import { OutriggerError } from '../../../src/kernel/errors.js';

function thrown(fn: () => void): OutriggerError {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutriggerError) return err;
  }
  throw new Error('expected an OutriggerError');
}

describe('strict input - request fields', () => {
  const nack = ['lease', 'retryAfterMs', 'deadLetter', 'reason'];

  it('strict input - known fields pass', () => {
    expect(() => refuseUnknownFields({ lease: 'q:1', deadLetter: true }, nack)).not.toThrow();
  });

  it('strict input - a gRPC spelling or a wrong case names the field meant', () => {
    expect(thrown(() => refuseUnknownFields({ dead_letter: true }, nack)).extensions).toEqual({ field: 'dead_letter', suggestion: 'deadLetter' });
    expect(thrown(() => refuseUnknownFields({ retry_after: 1 }, nack)).extensions).toEqual({ field: 'retry_after', suggestion: 'retryAfterMs' });
    expect(thrown(() => refuseUnknownFields({ retryAfterMS: 1 }, nack)).message).toContain("did you mean 'retryAfterMs'");
  });

  it('strict input - a field far from any lists the known ones', () => {
    const error = thrown(() => refuseUnknownFields({ colour: 'red' }, nack, 'entry 2: ', { index: 2 }));
    expect(error.code).toBe('bad_request');
    expect(error.message).toBe("entry 2: unknown field 'colour' (known: lease, retryAfterMs, deadLetter, reason)");
    expect(error.extensions).toEqual({ index: 2, field: 'colour' });
  });
});

describe('strict input - data declared as JSON', () => {
  const bytes = (text: string) => Buffer.from(text);

  it('strict input - JSON and +json content must parse; other types and empty data pass', () => {
    expect(() => checkDeclaredJson('application/json', bytes('{"a":1}'))).not.toThrow();
    expect(() => checkDeclaredJson('text/plain', bytes('{'))).not.toThrow();
    expect(() => checkDeclaredJson('application/json', bytes(''))).not.toThrow();
    expect(() => checkDeclaredJson(undefined, bytes('{'))).not.toThrow();
    expect(thrown(() => checkDeclaredJson('application/json', bytes('{"order":'))).code).toBe('invalid_body');
    expect(thrown(() => checkDeclaredJson('application/ld+json; charset=utf-8', bytes('nope'))).code).toBe('invalid_body');
    expect(thrown(() => checkDeclaredJson('application/json', Buffer.from([0x22, 0xff, 0x22]))).code).toBe('invalid_body');
  });
});

describe('strict input - leases name their queue', () => {
  it('strict input - a lease settles only on the queue it came from', () => {
    const lease = leaseFor('jobs', '17.abc:def');
    expect(queueLease('jobs', lease)).toBe('17.abc:def');
    const mismatch = thrown(() => queueLease('other', lease));
    expect(mismatch.code).toBe('lease_mismatch');
    expect(mismatch.extensions).toEqual({ queue: 'jobs' });
    for (const bad of ['17.abc', ':x', 'jobs:', 'bad name:x', '']) expect(thrown(() => queueLease('jobs', bad)).code).toBe('invalid_lease');
  });
});
