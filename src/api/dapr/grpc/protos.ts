/**
 * Dapr's .proto files are its public API contract, read at run time as data, never copied into
 * this repository: they come with the Dapr JavaScript SDK (@dapr/dapr, a devDependency) under
 * node_modules/@dapr/dapr/proto, and the Dockerfile copies that folder into the image at the same
 * place. Loaded only when `dapr:` is configured, once.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { loaderOptions } from '../../grpc/protos.js';

const runtimeFiles = ['dapr/proto/runtime/v1/dapr.proto', 'dapr/proto/runtime/v1/appcallback.proto'];
const runtimePackage = 'dapr.proto.runtime.v1';

export interface DaprProtos {
  /** dapr.proto.runtime.v1.Dapr, which Outrigger serves. */
  dapr: ServiceDefinition;
  /** dapr.proto.runtime.v1.AppCallback, which a gRPC app serves and Outrigger calls. */
  appCallback: ServiceClientConstructor;
  /** dapr.proto.runtime.v1.AppCallbackAlpha: bulk deliveries to a gRPC app. */
  appCallbackAlpha: ServiceClientConstructor;
}

/** The folder holding `dapr/proto/runtime/v1/*.proto`, found by walking up from this module. */
export function daprProtoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'node_modules', '@dapr', 'dapr', 'proto');
    if (existsSync(join(candidate, runtimeFiles[0]!))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `the Dapr gRPC API needs Dapr's .proto files at node_modules/@dapr/dapr/proto (above ${from}), and they are not there: ` +
      'install the devDependencies (npm ci), or in an image copy that folder from the build stage (the Dockerfile does)',
  );
}

let loaded: DaprProtos | undefined;

export function loadDaprProtos(): DaprProtos {
  if (loaded !== undefined) return loaded;
  const definition = loadSync(runtimeFiles, { ...loaderOptions, includeDirs: [daprProtoRoot()] });
  let node: unknown = loadPackageDefinition(definition);
  for (const part of runtimePackage.split('.')) node = (node as GrpcObject)[part];
  const runtime = node as Record<string, ServiceClientConstructor>;
  loaded = { dapr: runtime['Dapr']!.service, appCallback: runtime['AppCallback']!, appCallbackAlpha: runtime['AppCallbackAlpha']! };
  return loaded;
}
