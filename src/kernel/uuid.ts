/**
 * Version 4 UUIDs as crypto.randomUUID makes them, from the same CSPRNG drawn a pool at a time
 * (random-pool.ts), written as one string: node's randomUUID joins some twenty pieces per id, and
 * every event published or sent without a `ce-id` gets one.
 */
import { pooledRandomBytes } from './random-pool.js';

const text = Buffer.alloc(36);
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

export function randomUuid(): string {
  const random = pooledRandomBytes(16);
  let at = 0;
  for (let i = 0; i < 16; i++) {
    let byte = random[i] as number;
    // RFC 9562: the version (4) in the high nibble of byte 6, the variant (10) in the top bits of byte 8.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d;
    text[at++] = hexDigits[byte >> 4] as number;
    text[at++] = hexDigits[byte & 0x0f] as number;
  }
  return text.toString('latin1', 0, 36);
}
