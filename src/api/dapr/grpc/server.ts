/**
 * The Dapr-compatible gRPC API (dapr.grpcAddr): dapr.proto.runtime.v1.Dapr over the same
 * DaprService as the HTTP listener, with its own admission (label `dapr-grpc`). It owns no
 * socket: a GrpcListener (../../grpc/listener.ts) accepts connections and hands each one in.
 */
import { Server } from '@grpc/grpc-js';
import { Admission } from '../../../core/service/admission.js';
import { InjectedServer } from '../../grpc/server.js';
import type { DaprContext } from '../context.js';
import type { DaprService } from '../service.js';
import { daprGate, daprGrpcService } from './dapr-service.js';
import { loadDaprProtos } from './protos.js';

const envelopeBytes = 64 * 1024;

export class DaprGrpcApi extends InjectedServer {
  constructor(context: DaprContext, service: DaprService) {
    super(new Server({ 'grpc.max_receive_message_length': context.server.maxBodyBytes + envelopeBytes }));
    const admission = new Admission({
      protocol: 'dapr-grpc',
      server: { apiToken: context.dapr.apiToken, maxInFlightRequests: context.server.maxInFlightRequests },
      metrics: context.metrics,
      tokenHint: "send the Dapr API token as metadata 'dapr-api-token' (DAPR_API_TOKEN in the SDKs)",
      activity: context.activity,
    });
    this.server.addService(loadDaprProtos().dapr, daprGrpcService(context, service, daprGate(admission)));
  }
}
