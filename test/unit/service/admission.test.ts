import { describe, expect, it } from 'vitest';
import { Admission } from '../../../src/core/service/admission.js';
import { Metrics } from '../../../src/observability/metrics.js';

const admission = (apiToken: string | null, maxInFlightRequests = 10): Admission =>
  new Admission({ protocol: 'http', server: { apiToken, maxInFlightRequests }, metrics: new Metrics(), tokenHint: 'send the token' });

describe('service - admission', () => {
  it('admits only the configured bearer token, when there is one', () => {
    const guarded = admission('s3cret');
    guarded.begin('publish');
    expect(() => guarded.admit(undefined)).toThrow(expect.objectContaining({ code: 'unauthorized', message: 'send the token' }));
    expect(() => guarded.admit('Bearer wrong')).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => guarded.admit('Basic s3cret')).toThrow(expect.objectContaining({ code: 'unauthorized' }));
    expect(() => guarded.admit('Bearer s3cret')).not.toThrow();
    expect(() => admission(null).admit(undefined)).not.toThrow();
  });

  it('refuses a request beyond the in-flight limit until one ends', () => {
    const limited = admission(null, 1);
    const first = limited.begin('publish');
    limited.admit(undefined);
    const second = limited.begin('publish');
    expect(() => limited.admit(undefined)).toThrow(expect.objectContaining({ code: 'back_pressure', message: 'more than 1 requests in flight; retry shortly', retryAfterSeconds: 1 }));
    second.end('back_pressure');
    second.end('back_pressure');
    first.end('ok');
    limited.begin('publish');
    expect(() => limited.admit(undefined)).not.toThrow();
  });
});
