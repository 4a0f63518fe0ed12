/**
 * The Dapr-compatible gRPC API (dapr.grpcAddr): dapr.proto.runtime.v1.Dapr over the same
 * DaprService as the HTTP listener, with its own admission (label `dapr-grpc`). It owns no
 * socket: a GrpcListener (../../grpc/listener.ts) accepts connections and hands each one in.
 */
import type { Duplex } from 'node:stream';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { Admission } from '../../../core/service/admission.js';
import type { InjectedGrpcApi } from '../../grpc/listener.js';
import { shutDownBy } from '../../grpc/server.js';
import type { DaprContext } from '../context.js';
import type { DaprService } from '../service.js';
import { daprGate, daprGrpcService } from './dapr-service.js';
import { loadDaprProtos } from './protos.js';

const envelopeBytes = 64 * 1024;

export class DaprGrpcApi implements InjectedGrpcApi {
  private readonly server: Server;
  private readonly connections: ReturnType<Server['createConnectionInjector']>;
  private closed: Promise<void> | undefined;

  constructor(context: DaprContext, service: DaprService) {
    this.server = new Server({ 'grpc.max_receive_message_length': context.server.maxBodyBytes + envelopeBytes });
    const admission = new Admission({
      protocol: 'dapr-grpc',
      server: { apiToken: context.dapr.apiToken, maxInFlightRequests: context.server.maxInFlightRequests },
      metrics: context.metrics,
      tokenHint: "send the Dapr API token as metadata 'dapr-api-token' (DAPR_API_TOKEN in the SDKs)",
      activity: context.activity,
    });
    this.server.addService(loadDaprProtos().dapr, daprGrpcService(context, service, daprGate(admission)));
    this.connections = this.server.createConnectionInjector(ServerCredentials.createInsecure());
  }

  /** Serves a connection accepted elsewhere, exactly as one grpc-js accepted itself. */
  serve(connection: Duplex): void {
    this.connections.injectConnection(connection);
  }

  cut(): void {
    this.server.forceShutdown();
  }

  /** Lets calls finish until `deadline`, then cuts them. Idempotent. */
  close(deadline: number): Promise<void> {
    return (this.closed ??= shutDownBy(this.server, deadline));
  }
}
