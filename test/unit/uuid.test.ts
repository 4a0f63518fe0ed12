import { describe, expect, it } from 'vitest';
import { randomUuid } from '../../src/kernel/uuid.js';

describe('kernel - uuid', () => {
  it('makes version 4 UUIDs in the form crypto.randomUUID gives, each new, across pool refills', () => {
    const seen = new Set<string>();
    const nibbles = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = randomUuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
      nibbles.add(id[0]!);
    }
    expect(seen.size).toBe(2_000);
    // Random digits, not a fixed pattern: every hex digit turns up in the first place.
    expect(nibbles.size).toBe(16);
  });
});
