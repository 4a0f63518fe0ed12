import { describe, expect, it } from 'vitest';
import { ApiActivity } from '../../../src/core/service/activity.js';
import { Admission } from '../../../src/core/service/admission.js';
import { Metrics } from '../../../src/observability/metrics.js';

const admission = (apiToken: string | null, maxInFlightRequests = 10, activity = new ApiActivity()): Admission =>
  new Admission({ protocol: 'http', server: { apiToken, maxInFlightRequests }, metrics: new Metrics(), tokenHint: 'send the token', activity });

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

  it('shares one activity between protocols; long-lived streams do not hold up the quiet wait', () => {
    const activity = new ApiActivity();
    const [http, grpc] = [admission(null, 10, activity), admission(null, 10, activity)];
    const request = http.begin('publish');
    const call = grpc.begin('command');
    const stream = grpc.begin('consume', true);
    expect(activity.active).toBe(2);
    expect(activity.isQuiet(0)).toBe(false);
    request.end('ok');
    call.end('ok');
    call.end('ok');
    expect(activity.active).toBe(0);
    expect(activity.isQuiet(50, activity.lastAt + 49)).toBe(false);
    expect(activity.isQuiet(50, activity.lastAt + 50)).toBe(true);
    stream.end('ok');
    expect(activity.active).toBe(0);
  });
});
