/**
 * A gRPC client for tests, built like any client would be: from the .proto files, with
 * @grpc/grpc-js and @grpc/proto-loader, against the built daemon's gRPC address.
 */
import { credentials, loadPackageDefinition, Metadata, type Client, type GrpcObject, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { apiProtoFiles, healthProtoFile, loaderOptions, protoRoot } from '../../../src/api/grpc/protos.js';

/** A message as proto-loader gives it: tests assert on its shape rather than rely on a type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;
/** A generated client: its methods are known only at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceClient = Client & Record<string, any>;

const root = loadPackageDefinition(loadSync([...apiProtoFiles, healthProtoFile], { ...loaderOptions, includeDirs: [protoRoot()] }));

function constructor(name: string): ServiceClientConstructor {
  let node: unknown = root;
  for (const part of name.split('.')) node = (node as GrpcObject)[part];
  return node as ServiceClientConstructor;
}

export interface GrpcClients {
  publish: ServiceClient;
  command: ServiceClient;
  deadLetter: ServiceClient;
  stream: ServiceClient;
  query: ServiceClient;
  consume: ServiceClient;
  meta: ServiceClient;
  health: ServiceClient;
  close(): void;
}

/** `options` are grpc-js channel options, e.g. `'grpc.use_local_subchannel_pool': 1` for a connection of their own. */
export function grpcClients(address: string, options: Record<string, string | number> = {}): GrpcClients {
  const make = (name: string) => new (constructor(name))(address, credentials.createInsecure(), options) as ServiceClient;
  const clients = {
    publish: make('outrigger.v1.PublishService'),
    command: make('outrigger.v1.CommandService'),
    deadLetter: make('outrigger.v1.DeadLetterService'),
    stream: make('outrigger.v1.StreamService'),
    query: make('outrigger.v1.QueryService'),
    consume: make('outrigger.v1.ConsumeService'),
    meta: make('outrigger.v1.MetaService'),
    health: make('grpc.health.v1.Health'),
  };
  return {
    ...clients,
    close() {
      for (const client of Object.values(clients)) client.close();
    },
  };
}

export function metadataFor(token?: string): Metadata {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** Calls a unary method as a promise. */
export function call(client: ServiceClient, method: string, request: Record<string, unknown>, options: { token?: string; deadlineMs?: number } = {}): Promise<Message> {
  return new Promise((resolve, reject) => {
    const callOptions = options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
    client[method](request, metadataFor(options.token), callOptions, (err: ServiceError | null, response: Message) => (err ? reject(err) : resolve(response)));
  });
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && 'code' in err && 'metadata' in err;
}
