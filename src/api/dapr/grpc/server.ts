/**
 * The Dapr-compatible gRPC listener (dapr.grpcAddr): dapr.proto.runtime.v1.Dapr over the same
 * DaprService as the HTTP listener, with its own admission (label `dapr-grpc`).
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { Admission } from '../../../core/service/admission.js';
import { shutDownBy } from '../../grpc/server.js';
import type { DaprContext } from '../context.js';
import type { DaprService } from '../service.js';
import { daprGate, daprGrpcService } from './dapr-service.js';
import { loadDaprProtos } from './protos.js';

const envelopeBytes = 64 * 1024;

export class DaprGrpcApi {
  private readonly server: Server;
  private port = 0;
  private host = '';

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
  }

  /** host:port as bound; '' before listen() and after close(). */
  get address(): string {
    return this.port === 0 ? '' : `${this.host}:${this.port}`;
  }

  async listen(address: string): Promise<void> {
    this.host = address.slice(0, address.lastIndexOf(':'));
    this.port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(new Error(`the Dapr gRPC API cannot listen on ${address} (dapr.grpcAddr, OUTRIGGER_DAPR_GRPC_ADDR): ${err.message}`, { cause: err })) : resolve(port),
      );
    });
  }

  /** Lets calls finish until `deadline`, then cuts them. Idempotent. */
  async close(deadline: number): Promise<void> {
    if (this.port === 0) return;
    await shutDownBy(this.server, deadline);
    this.port = 0;
  }

  cut(): void {
    if (this.port !== 0) this.server.forceShutdown();
  }
}
