/**
 * grpc.health.v1.Health: SERVING exactly when the daemon is ready (brokers connected,
 * subscriptions running, not draining), so gRPC probes and load balancers see what /readyz
 * says. The empty service name and each Outrigger service name are known. No API token: probes
 * carry none, and the answer reveals nothing.
 */
import { status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { GrpcContext } from './context.js';
import { isUndecodable } from './messages.js';

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthCheckRequest {
  service: string;
}

/** How often Watch looks at readiness for changes it was not told about (a broker going down). */
const watchPollMs = 1_000;

export function healthService(ctx: GrpcContext, services: string[]): UntypedServiceImplementation {
  const known = new Set(['', ...services]);
  const current = (): ServingStatus => (ctx.ready() ? 'SERVING' : 'NOT_SERVING');

  return {
    Check(call: ServerUnaryCall<HealthCheckRequest, unknown>, callback: sendUnaryData<unknown>) {
      const service = isUndecodable(call.request) ? undefined : call.request.service;
      if (service === undefined || !known.has(service)) {
        callback({ code: status.NOT_FOUND, details: `unknown service '${String(service)}'` });
        return;
      }
      callback(null, { status: current() });
    },

    Watch(call: ServerWritableStream<HealthCheckRequest, unknown>) {
      const service = isUndecodable(call.request) ? undefined : call.request.service;
      let last: ServingStatus | undefined;
      const send = (): void => {
        const next = service !== undefined && known.has(service) ? current() : 'SERVICE_UNKNOWN';
        if (next === last || call.cancelled) return;
        last = next;
        call.write({ status: next });
      };
      send();
      const timer = setInterval(send, watchPollMs);
      timer.unref();
      const onDraining = (): void => send();
      ctx.draining.addEventListener('abort', onDraining);
      const stop = (): void => {
        clearInterval(timer);
        ctx.draining.removeEventListener('abort', onDraining);
        ctx.closing.removeEventListener('abort', stop);
        if (!call.cancelled && call.writable) call.end();
      };
      call.once('cancelled', stop);
      if (ctx.closing.aborted) stop();
      else ctx.closing.addEventListener('abort', stop);
    },
  };
}
