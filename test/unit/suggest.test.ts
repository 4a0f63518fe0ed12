import { describe, expect, it } from 'vitest';
import { closest, editDistance, unknownName } from '../../src/kernel/suggest.js';

describe('did you mean', () => {
  it('config - a swapped pair of letters is one edit', () => {
    expect(editDistance('form', 'from')).toBe(1);
    expect(editDistance('shipmnts', 'shipments')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('config - suggests the closest plausible candidate, ignoring case', () => {
    expect(closest('form', ['name', 'from', 'deliver'])).toBe('from');
    expect(closest('maxdeliveries', ['maxDeliveries', 'lease'])).toBe('maxDeliveries');
    expect(closest('durabilty', ['file', 'durability', 'maxMessageBytes'])).toBe('durability');
  });

  it('config - suggests a word cut short or run on', () => {
    expect(closest('warning', ['info', 'warn', 'error'])).toBe('warn');
    expect(closest('sub', ['queues', 'subscriptions'])).toBe('subscriptions');
  });

  it('config - suggests nothing when no candidate is a plausible typo', () => {
    expect(closest('c', ['a', 'b'])).toBeUndefined();
    expect(closest('ab', ['ac'])).toBeUndefined();
    expect(closest('url', ['id', 'name'])).toBeUndefined();
    expect(closest('kafka', ['embedded'])).toBeUndefined();
  });

  it('config - unknown names list what is known, with a suggestion when there is one', () => {
    expect(unknownName('queue', 'shipmnts', ['shipments', 'invoices'])).toBe(
      "unknown queue 'shipmnts' (did you mean 'shipments'? known: shipments, invoices)",
    );
    expect(unknownName('queue', 'x', ['shipments'])).toBe("unknown queue 'x' (known: shipments)");
    expect(unknownName('topic', 'orders', [])).toBe("unknown topic 'orders' (none are configured)");
  });
});
