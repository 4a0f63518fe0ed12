/**
 * The .proto files are the contract, read at run time (no generated code): from the source tree
 * under test and from dist/ in production, so the root is found by walking up to the package.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition, type GrpcObject, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

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
  const definition = loadSync([...apiProtoFiles, healthProtoFile], { ...loaderOptions, includeDirs: [protoRoot()] });
  const root = loadPackageDefinition(definition);
  return {
    service(name) {
      let node: unknown = root;
      for (const part of name.split('.')) node = (node as GrpcObject)[part];
      const service = (node as { service?: ServiceDefinition } | undefined)?.service;
      if (service === undefined) throw new Error(`no service ${name} in the proto files`);
      return service;
    },
  };
}
