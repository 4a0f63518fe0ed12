/**
 * Malformed gRPC at the wire: HTTP/2 requests built by hand (node:http2), so that what a gRPC
 * client library would never send is sent: length prefixes that lie, the compressed flag set,
 * frames cut short, the wrong content type, odd metadata, messages over the size limit, and
 * protobuf that is garbage, or well-formed with the wrong wire types and values, for every RPC
 * of proto/*.proto. Seeded (generate.ts), so a failure replays.
 */
import { gzipSync } from 'node:zlib';
import type { PackageDefinition } from '@grpc/proto-loader';
import type { Fuzz } from './generate.js';

interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType?: MessageDescriptor[];
}

export interface RpcMethod {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  request: MessageDescriptor;
}

/** How the client leaves the call: half-close and wait for the status, cancel it, or drop the whole connection. */
export type Ending = 'end' | 'cancel' | 'destroy';

export interface GrpcCase {
  path: string;
  headers: Record<string, string>;
  /** DATA written in this order (each a separate write, so frame boundaries fall between them). */
  chunks: Buffer[];
  ending: Ending;
  /** What was done, for the failure message. */
  what: string[];
}

/** Every RPC in the loaded definition, with its request message's descriptor. */
export function rpcMethods(definition: PackageDefinition): RpcMethod[] {
  const methods: RpcMethod[] = [];
  for (const entry of Object.values(definition))
    if (!('format' in entry))
      for (const method of Object.values(entry))
        methods.push({ path: method.path, requestStream: method.requestStream, responseStream: method.responseStream, request: method.requestType.type as MessageDescriptor });
  return methods;
}

/** Protobuf wire encoding, written out so that it can also be written wrong. */
class Wire {
  readonly parts: Buffer[] = [];

  varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      bytes.push(v > 0n ? low | 0x80 : low);
    } while (v > 0n);
    this.parts.push(Buffer.from(bytes));
  }

  tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  delimited(field: number, bytes: Buffer): void {
    this.tag(field, 2);
    this.varint(BigInt(bytes.length));
    this.parts.push(bytes);
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const names = ['fz-grpc', 'fz-stream', 'fz-topic', 'fz-settle', '', 'x'.repeat(300), 'a/b', '..', 'UPPER', 'ünï', 'fz-grpc.deadletter', '*'];
const wireTypes: Record<string, number> = { TYPE_DOUBLE: 1, TYPE_FIXED64: 1, TYPE_SFIXED64: 1, TYPE_FLOAT: 5, TYPE_FIXED32: 5, TYPE_SFIXED32: 5, TYPE_STRING: 2, TYPE_BYTES: 2, TYPE_MESSAGE: 2 };

export class GrpcFuzz {
  constructor(
    readonly f: Fuzz,
    private readonly definition: PackageDefinition,
    readonly methods: readonly RpcMethod[],
    /** The server's largest accepted message, to go just over it. */
    private readonly maxMessageBytes: number,
  ) {}

  #resolve(typeName: string, within: MessageDescriptor): MessageDescriptor | undefined {
    const nested = within.nestedType?.find((type) => type.name === typeName);
    if (nested !== undefined) return nested;
    for (const name of [typeName, `outrigger.v1.${typeName}`, `grpc.health.v1.${typeName}`]) {
      const entry = this.definition[name];
      if (entry !== undefined && 'format' in entry) return entry.type as MessageDescriptor;
    }
    return undefined;
  }

  /** A string field's bytes: a real name, noise, invalid UTF-8, or a value at an edge. */
  #text(): Buffer {
    const f = this.f;
    switch (f.int(6)) {
      case 0:
        return Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80].slice(0, 1 + f.int(7)));
      case 1:
        return Buffer.from(String(f.value()).slice(0, 2_000));
      case 2:
        return Buffer.from(f.pick(['1.AAAA', 'fz-grpc:1.AAAA', 'earliest', 'latest', '-1', '2026-13-45T25:61:61Z', 'application/json', '1.0', 'application/cloudevents+json']));
      default:
        return Buffer.from(f.pick(names));
    }
  }

  #scalar(wire: Wire, field: FieldDescriptor, parent: MessageDescriptor, depth: number): void {
    const f = this.f;
    // Now and then the wrong wire type for the field, which the decoder must refuse or skip.
    const wrong = f.chance(0.05);
    const wireType = wrong ? f.pick([0, 1, 2, 5, 3, 4, 6, 7]) : (wireTypes[field.type] ?? 0);
    switch (wireType) {
      case 0:
        wire.tag(field.number, 0);
        wire.varint(f.pick([0n, 1n, 2n, -1n, 127n, 128n, 2n ** 31n, 2n ** 53n + 1n, 2n ** 63n, BigInt(f.int(1_000_000))]));
        return;
      case 1:
        wire.tag(field.number, 1);
        wire.parts.push(Buffer.from(Array.from({ length: 8 }, () => f.int(256))));
        return;
      case 5:
        wire.tag(field.number, 5);
        wire.parts.push(Buffer.from(Array.from({ length: 4 }, () => f.int(256))));
        return;
      case 2: {
        if (field.type === 'TYPE_MESSAGE' && !wrong) {
          const type = this.#resolve(field.typeName, parent);
          wire.delimited(field.number, type !== undefined && depth < 4 && f.chance(0.9) ? this.message(type, depth + 1) : this.#noise(64));
        } else wire.delimited(field.number, field.type === 'TYPE_BYTES' ? this.#noise(f.chance(0.05) ? 100_000 : 64) : this.#text());
        return;
      }
      default:
        // Group markers (3, 4) and the reserved wire types (6, 7).
        wire.tag(field.number, wireType);
    }
  }

  /** A message of `type`: its fields with values of the right wire type mostly, repeated, unknown fields, and nothing at all. */
  message(type: MessageDescriptor, depth = 0): Buffer {
    const f = this.f;
    const wire = new Wire();
    for (const field of type.field) {
      if (f.chance(0.35)) continue;
      const times = field.label === 'LABEL_REPEATED' ? f.int(4) : f.chance(0.05) ? 2 : 1;
      for (let i = 0; i < times; i++) this.#scalar(wire, field, type, depth);
    }
    if (f.chance(0.1)) {
      // A field number the .proto does not have, or one at the edge of the range.
      const number = f.pick([15, 99, 536_870_911, 19_000]);
      wire.delimited(number, this.#noise(16));
    }
    return wire.bytes();
  }

  #noise(max: number): Buffer {
    return Buffer.from(Array.from({ length: this.f.int(max + 1) }, () => this.f.int(256)));
  }

  /** The payload of one message: well-formed, mutated bytes, noise, a cut varint, or over the size limit. */
  #payload(method: RpcMethod, what: string[]): Buffer {
    const f = this.f;
    switch (f.int(10)) {
      case 0:
        what.push('noise');
        return this.#noise(200);
      case 1: {
        what.push('flipped bytes');
        const bytes = this.message(method.request);
        return Buffer.from(bytes.map((byte) => (f.chance(0.1) ? f.int(256) : byte)));
      }
      case 2: {
        what.push('cut message');
        const bytes = this.message(method.request);
        return bytes.subarray(0, f.int(bytes.length + 1));
      }
      case 3:
        what.push('a length-delimited field longer than the message');
        return Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x41]);
      default:
        what.push('well-formed');
        return this.message(method.request);
    }
  }

  /** One length-prefixed message, honest or not. */
  #frame(payload: Buffer, what: string[]): Buffer[] {
    const f = this.f;
    const prefix = Buffer.alloc(5);
    let flag = 0;
    let length = payload.length;
    switch (f.int(12)) {
      case 0:
        flag = 1;
        what.push('compressed flag');
        break;
      case 1:
        flag = f.pick([2, 0x80, 0xff]);
        what.push(`flag ${flag}`);
        break;
      case 2:
        length = f.pick([payload.length + 1 + f.int(100), 0xffffffff, 0x7fffffff, this.maxMessageBytes + 1]);
        what.push(`length prefix ${length} for ${payload.length} bytes`);
        break;
      case 3:
        length = f.int(payload.length + 1);
        what.push(`length prefix ${length} for ${payload.length} bytes (the rest read as a next frame)`);
        break;
      case 4:
        what.push('prefix cut short');
        prefix.writeUInt8(flag, 0);
        prefix.writeUInt32BE(length, 1);
        return [prefix.subarray(0, 1 + f.int(4))];
      default:
    }
    prefix.writeUInt8(flag, 0);
    prefix.writeUInt32BE(length, 1);
    if (f.chance(0.2)) {
      // The same bytes in small DATA frames: a decoder must join them.
      what.push('split');
      const bytes = Buffer.concat([prefix, payload]);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + f.int(8);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      return chunks;
    }
    return [prefix, payload];
  }

  next(): GrpcCase {
    const f = this.f;
    const what: string[] = [];
    const method = f.chance(0.03) ? { path: f.pick(['/outrigger.v1.Nope/Nope', '/', '/outrigger.v1.CommandService/', '//', `/${'x'.repeat(2_000)}`]), requestStream: false, responseStream: false, request: { name: 'None', field: [] } } : f.pick(this.methods);
    what.push(method.path);
    const headers: Record<string, string> = { 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': '5S' };
    if (f.chance(0.05)) {
      headers['content-type'] = f.pick(['application/json', 'text/plain', 'application/grpc-web', '', 'application/grpcx']);
      what.push(`content-type '${headers['content-type']}'`);
    } else if (f.chance(0.1)) headers['content-type'] = f.pick(['application/grpc+proto', 'application/grpc+json', 'application/grpc; charset=utf-8']);
    if (f.chance(0.05)) {
      headers['grpc-timeout'] = f.pick(['1n', '0S', '99999999S', 'xyz', '1', '-1S', '1H']);
      what.push(`grpc-timeout ${headers['grpc-timeout']}`);
    }
    if (f.chance(0.1)) {
      headers['grpc-encoding'] = f.pick(['gzip', 'deflate', 'identity', 'br', 'snappy', '']);
      what.push(`grpc-encoding ${headers['grpc-encoding']}`);
    }
    if (f.chance(0.05)) delete headers.te;
    if (f.chance(0.1)) {
      const key = f.pick(['authorization', 'x-junk', 'x-junk-bin', 'grpc-accept-encoding', 'ce-type', 'outrigger-delay', 'grpc-status']);
      headers[key] = f.pick(['Bearer x', '!!!not base64!!!', 'a'.repeat(8_000), 'gzip, br', '\u00e9', '']);
      what.push(`header ${key}`);
    }

    const chunks: Buffer[] = [];
    const count = method.requestStream ? f.int(4) : f.chance(0.1) ? f.pick([0, 2, 3]) : 1;
    for (let i = 0; i < count; i++) {
      if (f.chance(0.02)) {
        // Over the limit: grpc-js must refuse it (RESOURCE_EXHAUSTED) without holding it all.
        what.push('huge message');
        const huge = Buffer.alloc(this.maxMessageBytes + 1 + f.int(1_000_000), 0x41);
        const prefix = Buffer.from([0, 0, 0, 0, 0]);
        prefix.writeUInt32BE(huge.length, 1);
        chunks.push(prefix, huge);
        continue;
      }
      let payload = this.#payload(method, what);
      if (headers['grpc-encoding'] === 'gzip' && f.chance(0.7)) {
        what.push('gzipped');
        payload = gzipSync(payload);
        const frame = Buffer.alloc(5);
        frame.writeUInt8(1, 0);
        frame.writeUInt32BE(payload.length, 1);
        chunks.push(frame, payload);
        continue;
      }
      chunks.push(...this.#frame(payload, what));
    }
    if (count !== 1) what.push(`${count} messages`);
    const ending: Ending = f.chance(0.05) ? f.pick(['cancel', 'destroy'] as const) : 'end';
    if (ending !== 'end') what.push(ending);
    return { path: method.path, headers, chunks, ending, what };
  }
}
