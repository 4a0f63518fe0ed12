/**
 * The gRPC API: every outrigger.v1 service over the same Interactions as HTTP, plus
 * grpc.health.v1 and server reflection. It owns no socket: GrpcListener (listener.ts) accepts
 * connections on server.grpcAddr and hands each one in, loading this module with the first.
 * close() stops the server, cutting what is left at the grace deadline.
 */
import type { Duplex } from 'node:stream';
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { createGate } from './call.js';
import { commandService } from './command.js';
import { consumeService } from './consume.js';
import type { GrpcContext } from './context.js';
import { deadLetterService } from './deadletter.js';
import { healthService } from './health.js';
import type { InjectedGrpcApi } from './listener.js';
import { undecodable } from './messages.js';
import { metaService } from './meta.js';
import { apiProtoFiles, healthProtoFile, loadProtos, protoRoot } from './protos.js';
import { addLazyReflection } from './lazy-reflection.js';
import { publishService } from './publish.js';
import { queryService } from './query.js';
import { streamService } from './stream.js';

/** Room for the envelope (attributes, extensions) around data of up to maxBodyBytes. */
const envelopeBytes = 64 * 1024;

/**
 * A grpc-js server that serves the connections a GrpcListener accepted (grpc-js's connection
 * injector) and shuts down by a deadline: what the outrigger.v1 and the Dapr gRPC APIs share.
 */
export class InjectedServer implements InjectedGrpcApi {
  readonly #connections: ReturnType<Server['createConnectionInjector']>;
  #closed: Promise<void> | undefined;

  constructor(protected readonly server: Server) {
    this.#connections = server.createConnectionInjector(ServerCredentials.createInsecure());
  }

  /** Serves a connection accepted elsewhere, exactly as one grpc-js accepted itself. */
  serve(connection: Duplex): void {
    this.#connections.injectConnection(connection);
  }

  /** Cuts every call and connection now (a second signal); close() still settles as usual. */
  cut(): void {
    this.server.forceShutdown();
  }

  /** Lets calls finish until `deadline`, then cuts them. Idempotent. */
  close(deadline: number): Promise<void> {
    return (this.#closed ??= shutDownBy(this.server, deadline));
  }
}

export class GrpcApi extends InjectedServer {
  constructor(private readonly ctx: GrpcContext) {
    super(
      new Server({
        // Larger messages are refused by grpc-js with RESOURCE_EXHAUSTED naming both sizes; event
        // data alone is held to maxBodyBytes by the services, as HTTP holds the body.
        'grpc.max_receive_message_length': ctx.server.maxBodyBytes + envelopeBytes,
        // Notice a vanished client within a minute even on an idle Consume stream.
        'grpc.keepalive_time_ms': 30_000,
        'grpc.keepalive_timeout_ms': 10_000,
        'grpc.keepalive_permit_without_calls': 1,
      }),
    );
    const protos = loadProtos();
    const gate = createGate(ctx);
    const services: Array<[string, UntypedServiceImplementation]> = [
      ['outrigger.v1.PublishService', publishService(ctx, gate)],
      ['outrigger.v1.CommandService', commandService(ctx, gate)],
      ['outrigger.v1.DeadLetterService', deadLetterService(ctx, gate)],
      ['outrigger.v1.StreamService', streamService(ctx, gate)],
      ['outrigger.v1.QueryService', queryService(ctx, gate)],
      ['outrigger.v1.ConsumeService', consumeService(ctx, gate)],
      ['outrigger.v1.MetaService', metaService(ctx, gate)],
    ];
    for (const [name, implementation] of services) this.server.addService(tolerant(protos.service(name)), implementation);
    this.server.addService(
      tolerant(protos.service('grpc.health.v1.Health')),
      healthService(
        ctx,
        services.map(([name]) => name),
      ),
    );
    addLazyReflection(this.server, async () => (await import('./reflection.js')).reflectionDefinition(protoRoot(), [...apiProtoFiles, healthProtoFile]));
  }

  /**
   * No new Consume streams (ctx.draining is aborted by the daemon first); the open ones may
   * settle until shortly before `deadline`, then are released and ended, leaving time for their
   * final status to reach the client before close() cuts connections at the deadline.
   */
  drain(deadline: number): Promise<void> {
    const margin = Math.min(1_000, Math.max(0, (deadline - Date.now()) / 10));
    return this.ctx.interactions.consumers.drainAll(deadline - margin);
  }
}

/**
 * Bytes that are not a valid message of the method's type become a marker the handlers answer
 * with INVALID_ARGUMENT; left to grpc-js they would be an INTERNAL error.
 */
function tolerant(service: ServiceDefinition): ServiceDefinition {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes) as unknown;
        } catch (err) {
          return { [undecodable]: (err as Error).message };
        }
      },
    };
  }
  return wrapped as ServiceDefinition;
}

/** Lets a gRPC server's calls finish until `deadline`, then cuts what is left. */
async function shutDownBy(server: Server, deadline: number): Promise<void> {
  const timer = setTimeout(() => server.forceShutdown(), Math.max(0, deadline - Date.now()));
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  clearTimeout(timer);
}
