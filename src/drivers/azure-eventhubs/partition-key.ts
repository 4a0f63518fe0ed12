/**
 * Which partition Event Hubs gives a partition key: Bob Jenkins' lookup3 (hashlittle2, seeds 0)
 * over the key's UTF-8 bytes, the two result words xor-ed and cut to a signed 16-bit number,
 * modulo the partition count. The service and the SDK's buffered producer use this mapping; the
 * driver uses it too so that it knows a keyed event's partition before sending (the receipt
 * names it) and sends to that partition explicitly. A unit test checks it against the SDK's.
 */

const rot = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export function partitionForKey(key: string, partitionCount: number): number {
  const data = Buffer.from(key, 'utf8');
  let a = (0xdeadbeef + data.length) | 0;
  let b = a;
  let c = a;
  let at = 0;
  let left = data.length;
  while (left > 12) {
    a = (a + data.readUInt32LE(at)) | 0;
    b = (b + data.readUInt32LE(at + 4)) | 0;
    c = (c + data.readUInt32LE(at + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    at += 12;
    left -= 12;
  }
  if (left > 0) {
    // The last 1..12 bytes, little-endian into a, b, c; missing bytes count as zero.
    const word = (offset: number): number => {
      let value = 0;
      for (let i = 3; i >= 0; i--) value = (value << 8) | (offset + i < left ? (data[at + offset + i] as number) : 0);
      return value;
    };
    a = (a + word(0)) | 0;
    b = (b + word(4)) | 0;
    c = (c + word(8)) | 0;
    // final(a, b, c)
    c ^= b; c = (c - rot(b, 14)) | 0;
    a ^= c; a = (a - rot(c, 11)) | 0;
    b ^= a; b = (b - rot(a, 25)) | 0;
    c ^= b; c = (c - rot(b, 16)) | 0;
    a ^= c; a = (a - rot(c, 4)) | 0;
    b ^= a; b = (b - rot(a, 14)) | 0;
    c ^= b; c = (c - rot(b, 24)) | 0;
  }
  const hash = ((c ^ b) << 16) >> 16;
  return Math.abs(hash % partitionCount);
}
