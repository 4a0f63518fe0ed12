/**
 * Structure-aware request fuzzing: start from a valid request of each route and mutate it the way
 * clients get things wrong (misspelt or foreign field names, wrong types, odd sizes, broken JSON,
 * bad headers), from one seed, so that any failure can be replayed exactly.
 */

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seeded(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fuzz {
  constructor(readonly next: () => number) {}

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A value of any JSON type, sometimes nested, sometimes at an edge. */
  value(depth = 0): unknown {
    switch (this.int(depth > 2 ? 7 : 9)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, 7 * 24 * 3600_000 + 1]);
      case 3:
        return this.pick(['', ' ', 'x', '\u0000', '\ud800', 'é', '../../etc', 'a'.repeat(5_000)]);
      case 4:
        return this.pick(['1.AAAA', 'jobs:1.AAAA', 'other:1.x', ':', 'jobs:']);
      case 5:
        return new Date(this.int(4_000_000_000_000)).toISOString();
      case 6:
        return this.pick(['true', '500ms', '-5', '{"a":']);
      case 7:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.name(), this.value(depth + 1)]));
    }
  }

  /** A member name: a real one, a near miss, another protocol's spelling, or noise. */
  name(known: readonly string[] = []): string {
    const base = known.length > 0 && this.chance(0.7) ? this.pick(known) : this.pick(['lease', 'ids', 'target', 'data', 'type', 'x', '', '__proto__', 'constructor']);
    switch (this.int(5)) {
      case 0:
        return base.toUpperCase();
      case 1:
        return base.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      case 2:
        return base.slice(0, -1);
      case 3:
        return `${base}s`;
      default:
        return base;
    }
  }

  /** A JSON object from a valid one: members dropped, renamed, retyped or added. */
  mutateObject(valid: Record<string, unknown>): Record<string, unknown> {
    const object: Record<string, unknown> = { ...valid };
    const keys = Object.keys(valid);
    for (let n = 1 + this.int(3); n > 0; n--) {
      const key = keys.length > 0 ? this.pick(keys) : this.name();
      switch (this.int(4)) {
        case 0:
          delete object[key];
          break;
        case 1:
          object[this.name(keys)] = object[key] ?? this.value();
          break;
        case 2:
          object[key] = this.value();
          break;
        default:
          object[this.name(keys)] = this.value();
      }
    }
    return object;
  }

  /** A body: the mutated JSON, sometimes cut short or not JSON at all. */
  body(json: unknown): string {
    const text = JSON.stringify(json) ?? 'null';
    switch (this.int(10)) {
      case 0:
        return text.slice(0, this.int(text.length));
      case 1:
        return this.pick(['', '{', 'null', '[]', '\u0000\u0001', 'order=42&x=1', '"\\ud800"']);
      default:
        return text;
    }
  }
}
