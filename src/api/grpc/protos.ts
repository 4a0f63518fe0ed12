/**
 * The .proto files are the contract, read at run time (no generated code): from the source tree
 * under test and from dist/ in production, so the root is found by walking up to the package.
 * They are parsed with protobufjs, and each service becomes the definition grpc-js serves, with
 * the codecs proto-loader would make under `loaderOptions`. proto-loader itself is not used
 * here: it also builds descriptors of every message and file, and loads protobufjs's descriptor
 * extension, for reflection, which is built apart and only when first asked for (reflection.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs';

export const apiProtoFiles = [
  'outrigger/v1/cloudevent.proto',
  'outrigger/v1/publish.proto',
  'outrigger/v1/command.proto',
  'outrigger/v1/deadletter.proto',
  'outrigger/v1/stream.proto',
  'outrigger/v1/query.proto',
  'outrigger/v1/consume.proto',
  'outrigger/v1/meta.proto',
];
export const healthProtoFile = 'grpc/health/v1/health.proto';

/**
 * camelCase fields, 64-bit integers as numbers (offsets and tags stay far below 2^53), enums by
 * name, every field present (defaults), and a virtual property naming the member set in each oneof.
 */
export const loaderOptions = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true } as const;

/** The folder that holds `outrigger/v1/*.proto`: `<package>/proto`, found from this module's place. */
export function protoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'outrigger', 'v1', 'consume.proto'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the proto/ folder above ${fileURLToPath(import.meta.url)}; it ships next to dist/ (Dockerfile: COPY proto/ ./proto/)`);
}

export interface Protos {
  service(name: string): ServiceDefinition;
}

export function loadProtos(): Protos {
  const root = new protobuf.Root();
  const dir = protoRoot();
  // google/protobuf/*.proto come from protobufjs's bundled copies before this is asked.
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(dir, target));
  root.loadSync([...apiProtoFiles, healthProtoFile], { keepCase: loaderOptions.keepCase });
  root.resolveAll();
  return {
    service(name) {
      const service = root.lookup(name);
      if (!(service instanceof protobuf.Service)) throw new Error(`no service ${name} in the proto files`);
      return serviceDefinition(service, name);
    },
  };
}

/** What proto-loader makes of a service for grpc-js: a path, the stream kinds and the codecs of each method. */
function serviceDefinition(service: protobuf.Service, name: string): ServiceDefinition {
  const definition: Record<string, unknown> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return definition as ServiceDefinition;
}

function serializer(type: protobuf.Type): (value: unknown) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    // protobufjs writes a Buffer under Node.
    return type.encode(type.fromObject(value as Record<string, unknown>)).finish() as Buffer;
  };
}

function deserializer(type: protobuf.Type): (bytes: Buffer) => unknown {
  return (bytes) => type.toObject(type.decode(bytes), loaderOptions);
}
