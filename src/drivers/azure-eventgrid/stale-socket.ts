/**
 * One more try for a request that died on a pooled keep-alive socket the service had closed
 * while it sat idle (after dropped connections, or the service's own idle timeout): the socket
 * is reused, the request written into a closed connection, and it fails with a reset before any
 * answer. That is the one case Node's documentation names as worth repeating (`reusedSocket`).
 *
 * The SDK's pipeline never shows its ClientRequest, so the keep-alive agent given to the SDK
 * notes which requests it put on a reused socket, by the request id the pipeline sends in a
 * header, and a pipeline policy sends such a request once more. A fresh connection that is reset,
 * a second reset, or any failure after an answer began, goes up as it came.
 *
 * Not certain: the service may have taken the request and then closed the connection before
 * answering. Event Grid consumers tell events apart by id and the repeat carries the same ids, so
 * the worst is an event delivered twice with one id, never one lost (docs/eventgrid.md).
 */
import type { Agent as HttpAgent, AgentOptions, ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import type { EventGridSenderClientOptions } from '@azure/eventgrid-namespaces';

// From the CommonJS module: an ESM import of node:http loads Node's bundled undici (src/api/node-http.ts says why).
const { Agent: HttpAgentClass } = process.getBuiltinModule('node:http');

type PipelinePolicy = NonNullable<EventGridSenderClientOptions['additionalPolicies']>[number]['policy'];

/** Set by the pipeline on every request (setClientRequestIdPolicy) to the request's id. */
const REQUEST_ID_HEADER = 'x-ms-client-request-id';

export class StaleSocketRetry {
  /** The keep-alive agent to give the SDK clients whose requests `policy` repeats. */
  readonly agent: HttpAgent;
  /** Ids of the requests in flight on a reused socket. */
  readonly #reused = new Set<string>();

  constructor(insecure: boolean) {
    const note = (request: ClientRequest): void => {
      const id = request.getHeader(REQUEST_ID_HEADER);
      if (typeof id === 'string') this.#reused.add(id);
    };
    this.agent = new (notingReuse(insecure ? HttpAgentClass : HttpsAgent, note))({ keepAlive: true });
  }

  policy(): PipelinePolicy {
    return {
      name: 'outriggerStaleSocketRetry',
      sendRequest: async (request, next) => {
        try {
          return await next(request);
        } catch (err) {
          if (!this.#reused.delete(request.requestId) || !isResetBeforeAnswer(err)) throw err;
          return await next(request);
        } finally {
          this.#reused.delete(request.requestId);
        }
      },
    };
  }
}

type AgentClass = new (options: AgentOptions) => HttpAgent;

/** `Base` (the http or https agent) telling `note` of every request it puts on a reused socket. */
function notingReuse(Base: AgentClass, note: (request: ClientRequest) => void): AgentClass {
  return class extends Base {
    override reuseSocket(socket: Duplex, request: ClientRequest): void {
      note(request);
      super.reuseSocket(socket, request);
    }
  };
}

/** A reset (or a connection closed) before any of the answer arrived: the pipeline's RestError carries no response then. */
function isResetBeforeAnswer(err: unknown): boolean {
  const { code, response } = err as { code?: unknown; response?: unknown };
  return (code === 'ECONNRESET' || code === 'EPIPE') && response === undefined;
}
