import { describe, expect, it } from 'vitest';
import { isJsonText } from '../../../src/core/service/json-syntax.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The rule isJsonText stands in for: what the declared-JSON check did with decode + JSON.parse. */
function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const hex = (h: string): Uint8Array => Buffer.from(h.replace(/\s/g, ''), 'hex');

const accepted = [
  '{}', '[]', '0', '-0', '1.5e+10', '-12.25E-3', '"a"', 'true', 'false', 'null', ' \t\r\n{ "a" : [ 1 , 2 , { } ] } \n',
  '{"a":{"b":{"c":[[[]]]}}}', '"\\u00e9\\uD800\\"\\\\\\/\\b\\f\\n\\r\\t"', '{"a":1,"a":2}', '1e400', '"é€😀"', '[1,"x",true,null,{"k":-0.5e1}]',
];
const refused = [
  '', ' ', '{', '}', '[1,]', '{"a":1,}', '{,}', '[,1]', '01', '-', '1.', '.5', '1e', '1e+', '+1', '0x10', 'NaN', 'Infinity', 'tru', 'nul', 'True',
  "'a'", '"a', '"\\x"', '"\\u12"', '"\\u12G4"', '"a\nb"', '"\t"', '{a:1}', '{"a" 1}', '{"a":}', '[1 2]', '1 2', '{}{}', '[]]', '[[]', '{"a":1}}',
  '\u00a0{}', '{}\u000b', '// c\n{}', '[1,2,3,]', '"\u0000"',
];

describe('isJsonText - what JSON.parse accepts, without building it', () => {
  it('json syntax - accepts what JSON.parse accepts', () => {
    for (const text of accepted) {
      expect(parses(bytes(text)), text).toBe(true);
      expect(isJsonText(bytes(text)), text).toBe(true);
    }
  });

  it('json syntax - refuses what JSON.parse refuses', () => {
    for (const text of refused) {
      expect(parses(bytes(text)), text).toBe(false);
      expect(isJsonText(bytes(text)), text).toBe(false);
    }
  });

  it('json syntax - UTF-8 as the fatal decoder reads it: a leading BOM skipped, bad sequences refused', () => {
    expect(isJsonText(hex('efbbbf 7b7d'))).toBe(true);
    expect(isJsonText(hex('efbbbf efbbbf 7b7d'))).toBe(false);
    // Overlong, a surrogate, beyond U+10FFFF, a lone continuation byte, a truncated sequence, and a non-ASCII byte outside a string.
    for (const h of ['22 c0af 22', '22 e08080 22', '22 eda080 22', '22 f4908080 22', '22 80 22', '22 e282 22', 'c3a9']) {
      expect(parses(hex(h)), h).toBe(false);
      expect(isJsonText(hex(h)), h).toBe(false);
    }
    for (const h of ['22 c3a9 22', '22 e282ac 22', '22 ed9fbf 22', '22 ee8080 22', '22 f09f9880 22', '22 f48fbfbf 22']) {
      expect(parses(hex(h)), h).toBe(true);
      expect(isJsonText(hex(h)), h).toBe(true);
    }
  });

  it('json syntax - deeper nesting than it tracks is left to JSON.parse (false, never a wrong true)', () => {
    const deep = bytes(`${'['.repeat(2_000)}${']'.repeat(2_000)}`);
    expect(isJsonText(deep)).toBe(false);
    expect(isJsonText(bytes(`${'['.repeat(500)}${']'.repeat(500)}`))).toBe(true);
  });

  it('json syntax - agrees with JSON.parse on random edits of valid documents', () => {
    // A fixed linear congruential generator: the same cases on every run, so a failure repeats.
    let seed = 12_345;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = hex('7b 7d 5b 5d 22 5c 3a 2c 20 0a 30 31 39 2d 2b 2e 65 45 74 72 75 66 61 6c 73 6e 78 c3 a9 e2 82 ac 00 1f 7f ef bb bf f0 9f 98 80');
    const seeds = ['{"type":"OrderCreated","orderId":"o-1","items":[{"sku":"a","qty":2,"price":-1.5e2}],"ok":true,"note":null}', '[1,2.5,"\\u00e9x",[],{}]', '"plain"'];
    let disagreements = 0;
    let refusedCount = 0;
    for (let n = 0; n < 20_000; n++) {
      const doc = [...bytes(seeds[n % seeds.length]!)];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(doc.length + 1);
        const what = random(3);
        const b = alphabet[random(alphabet.length)]!;
        if (what === 0) doc.splice(at, 0, b);
        else if (what === 1) doc.splice(at, 1);
        else doc[Math.min(at, doc.length - 1)] = b;
      }
      const input = Uint8Array.from(doc);
      const expected = parses(input);
      if (!expected) refusedCount++;
      if (isJsonText(input) !== expected) disagreements++;
    }
    expect(disagreements).toBe(0);
    // The edits must exercise both answers for the comparison to mean anything.
    expect(refusedCount).toBeGreaterThan(5_000);
    expect(refusedCount).toBeLessThan(19_000);
  });
});
