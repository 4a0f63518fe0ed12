/**
 * Whether bytes are a JSON text, checked in place: no string is decoded and no value is built.
 * Event data declared as JSON is checked on every publish and command (strict-input.ts); decoding
 * it and parsing it with JSON.parse built the whole document only to drop it, which was a large
 * share of what a request allocated, and so of the young-generation GC behind the latency tail.
 *
 * The rule is the one the check had before: UTF-8 (one leading byte-order mark skipped, as
 * TextDecoder does) that JSON.parse accepts (RFC 8259). `true` must never be wrong; `false` may be
 * (nesting deeper than the stack below), because the caller then decodes and parses as before,
 * which is also what words its error.
 */

const maxDepth = 512;
/** Open containers, innermost last: shared, as a check never runs concurrently with another. */
const stack = new Uint8Array(maxDepth);
const inArray = 0;
const inObject = 1;

const quote = 0x22;
const backslash = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i]!)) i++;
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

function isContinuation(c: number | undefined, low = 0x80, high = 0xbf): boolean {
  return c !== undefined && c >= low && c <= high;
}

/** The index after a UTF-8 sequence of more than one byte starting at `i`, or -1 (WHATWG's fatal decoder's rules). */
function skipMultibyte(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c >= 0xc2 && c <= 0xdf) return isContinuation(b[i + 1]) ? i + 2 : -1;
  if (c >= 0xe0 && c <= 0xef) {
    const low = c === 0xe0 ? 0xa0 : 0x80;
    const high = c === 0xed ? 0x9f : 0xbf;
    return isContinuation(b[i + 1], low, high) && isContinuation(b[i + 2]) ? i + 3 : -1;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const low = c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xf4 ? 0x8f : 0xbf;
    return isContinuation(b[i + 1], low, high) && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? i + 4 : -1;
  }
  return -1;
}

/** `i` at the opening quote; the index after the closing one, or -1. */
function skipString(b: Uint8Array, i: number): number {
  i++;
  while (i < b.length) {
    const c = b[i]!;
    if (c === quote) return i + 1;
    if (c < 0x20) return -1;
    if (c === backslash) {
      const e = b[i + 1];
      if (e === 0x75) {
        if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5]))) return -1;
        i += 6;
      } else if (e === quote || e === backslash || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else {
        return -1;
      }
    } else if (c < 0x80) {
      i++;
    } else {
      i = skipMultibyte(b, i);
      if (i < 0) return -1;
    }
  }
  return -1;
}

/** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at `i`; the index after it, or -1. */
function skipNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function skipWord(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

/** `i` at an object's key (after `{` or `,` and space): the index of its value, or -1. */
function skipKey(b: Uint8Array, i: number): number {
  if (b[i] !== quote) return -1;
  i = skipSpace(b, skipString(b, i));
  if (i < 0 || b[i] !== 0x3a) return -1;
  return skipSpace(b, i + 1);
}

export function isJsonText(b: Uint8Array): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let depth = 0;
  i = skipSpace(b, i);
  for (;;) {
    // A value starts at i.
    const c = b[i];
    if (c === 0x7b || c === 0x5b) {
      i = skipSpace(b, i + 1);
      if (b[i] === (c === 0x7b ? 0x7d : 0x5d)) {
        i++;
      } else {
        if (depth === maxDepth) return false;
        stack[depth++] = c === 0x7b ? inObject : inArray;
        if (c === 0x7b) {
          i = skipKey(b, i);
          if (i < 0) return false;
        }
        continue;
      }
    } else if (c === quote) {
      i = skipString(b, i);
    } else if (c === 0x74) {
      i = skipWord(b, i, 'true');
    } else if (c === 0x66) {
      i = skipWord(b, i, 'false');
    } else if (c === 0x6e) {
      i = skipWord(b, i, 'null');
    } else {
      i = skipNumber(b, i);
    }
    if (i < 0) return false;
    // After a value: close containers until the next value or the end.
    for (;;) {
      i = skipSpace(b, i);
      if (depth === 0) return i === b.length;
      const open = stack[depth - 1];
      const d = b[i];
      if (d === 0x2c) {
        i = skipSpace(b, i + 1);
        if (open === inObject) {
          i = skipKey(b, i);
          if (i < 0) return false;
        }
        break;
      }
      if (d !== (open === inObject ? 0x7d : 0x5d)) return false;
      depth--;
      i++;
    }
  }
}
