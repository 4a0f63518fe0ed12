/**
 * What every RPC goes through, around handlers that only translate messages to interactions:
 * admission (the API token, the in-flight limit and the API metrics; core/service/admission.ts),
 * undecodable requests, the deadline and cancellation as one AbortSignal, and errors as statuses
 * from the one table in status.ts.
 */
import type {
  handleBidiStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  ServerDuplexStream,
  ServerUnaryCall,
  ServerWritableStream,
} from '@grpc/grpc-js';
import { Admission, type Ticket } from '../../core/service/admission.js';
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { GrpcContext } from './context.js';
import { isUndecodable } from './messages.js';
import { StatusAnswer, statusFor } from './status.js';

/** What every kind of server call has, and all this module uses: metadata, deadline, cancellation. */
type ServerSurfaceCall = Pick<ServerUnaryCall<unknown, unknown>, 'metadata' | 'cancelled' | 'getDeadline'> & {
  once(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
};

export interface Gate {
  /** Throws UNAUTHENTICATED, or RESOURCE_EXHAUSTED beyond maxInFlightRequests. */
  admit(call: ServerSurfaceCall): void;
  /** Long-lived calls (streams) do not hold up the quiet-API wait at shutdown; they end with it. */
  track(interaction: string, longLived?: boolean): Ticket;
}

export function createGate(ctx: GrpcContext): Gate {
  const admission = new Admission({
    protocol: 'grpc',
    server: ctx.server,
    metrics: ctx.metrics,
    tokenHint: "send the API token as metadata 'authorization: Bearer <token>'",
    activity: ctx.activity,
  });
  return {
    admit(call) {
      const [value] = call.metadata.get('authorization');
      admission.admit(typeof value === 'string' ? value : undefined);
    },
    track(interaction, longLived = false) {
      return admission.begin(interaction, longLived);
    },
  };
}

function pastDeadline(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
}

/** The call's deadline as epoch ms; undefined when the client set none. */
export function deadlineOf(call: ServerSurfaceCall): number | undefined {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(at) ? at : undefined;
}

/**
 * Aborted at the call's deadline or when the client cancels (or goes away). `dispose` when the
 * call is over stops the deadline timer. (AbortSignal.any + AbortSignal.timeout did the same at
 * several times the cost per call.)
 */
export function callAbort(call: ServerSurfaceCall): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const at = deadlineOf(call);
  const timer = at === undefined ? undefined : setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), Math.max(0, at - Date.now()));
  // grpc-js reports 'cancelled' for calls that ended normally too; a finished call must not
  // abort (it would build a DOMException per call for nothing).
  const dispose = (): void => {
    clearTimeout(timer);
    call.removeListener('cancelled', onCancelled);
  };
  const onCancelled = (): void => {
    clearTimeout(timer);
    controller.abort();
  };
  if (call.cancelled) onCancelled();
  else call.once('cancelled', onCancelled);
  return { signal: controller.signal, dispose };
}

export function decoded<T>(request: T): T {
  if (isUndecodable(request)) throw new OutriggerError('bad_request', `the request is not a valid protobuf message of this method's type`);
  return request;
}

/** The call as a server span, continuing the caller's traceparent metadata. */
function traced<T>(call: ServerSurfaceCall & { getPath(): string }, run: () => Promise<T>): Promise<T> {
  const tracer = tracing();
  if (!tracer.enabled) return run();
  const [traceparent] = call.metadata.get('traceparent');
  return tracer.serveGrpc(call.getPath(), typeof traceparent === 'string' ? traceparent : undefined, run);
}

function outcomeOf(err: unknown): string {
  if (err instanceof StatusAnswer) return err.outcome;
  return toOutriggerError(err).code;
}

function logInternal(ctx: Pick<GrpcContext, 'logger'>, err: unknown, method: string): void {
  if (toOutriggerError(err).code === 'internal') ctx.logger.error({ err, method }, 'gRPC call failed');
}

export function unary<Req, Res>(
  ctx: Pick<GrpcContext, 'logger'>,
  gate: Gate,
  interaction: string,
  resourceOf: (request: Req) => string,
  handle: (request: Req, signal: AbortSignal, deadline: number | undefined) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const tracking = gate.track(interaction);
    const run = async (): Promise<Res> => {
      gate.admit(call);
      const request = decoded(call.request);
      tracking.resource = resourceOf(request);
      const abort = callAbort(call);
      try {
        const response = await handle(request, abort.signal, deadlineOf(call));
        // A long-poll ended by the deadline answers with what it has (nothing); past its deadline a
        // call is DEADLINE_EXCEEDED, whichever side's timer fired first.
        if (pastDeadline(abort.signal)) throw new OutriggerError('timeout', 'the call deadline passed before the answer was ready');
        return response;
      } finally {
        abort.dispose();
      }
    };
    traced(call, run).then(
      (response) => {
        tracking.end('ok');
        callback(null, response);
      },
      (err: unknown) => {
        tracking.end(outcomeOf(err));
        logInternal(ctx, err, call.getPath());
        callback(statusFor(err));
      },
    );
  };
}

export function serverStreaming<Req, Res>(
  ctx: GrpcContext,
  gate: Gate,
  interaction: string,
  resourceOf: (request: Req) => string,
  handle: (request: Req, call: ServerWritableStream<Req, Res>, signal: AbortSignal) => Promise<void>,
): handleServerStreamingCall<Req, Res> {
  return (call) => {
    const tracking = gate.track(interaction, true);
    const run = async (): Promise<void> => {
      gate.admit(call);
      const request = decoded(call.request);
      tracking.resource = resourceOf(request);
      const abort = callAbort(call);
      try {
        await handle(request, call, abort.signal);
      } finally {
        abort.dispose();
      }
    };
    traced(call, run).then(
      () => {
        tracking.end('ok');
        if (!call.cancelled) call.end();
      },
      (err: unknown) => {
        tracking.end(outcomeOf(err));
        logInternal(ctx, err, call.getPath());
        if (!call.cancelled) call.emit('error', statusFor(err));
      },
    );
  };
}

/** Long-lived bidirectional calls: the handler owns the stream; a rejection becomes its status. */
export function bidiStreaming<Req, Res>(
  ctx: Pick<GrpcContext, 'logger'>,
  gate: Gate,
  interaction: string,
  handle: (call: ServerDuplexStream<Req, Res>, tracking: { resource: string }) => Promise<void>,
): handleBidiStreamingCall<Req, Res> {
  return (call) => {
    const tracking = gate.track(interaction, true);
    const run = async (): Promise<void> => {
      gate.admit(call);
      await handle(call, tracking);
    };
    traced(call, run).then(
      () => {
        tracking.end('ok');
        if (!call.cancelled) call.end();
      },
      (err: unknown) => {
        tracking.end(outcomeOf(err));
        logInternal(ctx, err, call.getPath());
        if (!call.cancelled) call.emit('error', statusFor(err));
      },
    );
  };
}
