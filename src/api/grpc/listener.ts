/**
 * A gRPC API's socket (server.grpcAddr, dapr.grpcAddr), listening from start-up without the API
 * loaded: the first connection loads it (once) and every connection is handed to grpc-js as it
 * would have accepted it itself. For the outrigger.v1 API that is the point: grpc-js, protobufjs
 * and the API's definitions are about a quarter of what an idle daemon would load, and many pods
 * never call gRPC. Lifecycle, in the daemon's order: listen() after HTTP listens; drain() while
 * draining (the API settles what it holds; unary calls keep being answered); close() stops
 * listening and closes the API, cutting what is left at the grace deadline.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../observability/logger.js';
import { addressOf, listen } from '../listen.js';
import type { GrpcContext } from './context.js';

/** A grpc-js server that serves connections accepted elsewhere (its connection injector). */
export interface InjectedGrpcApi {
  serve(connection: Duplex): void;
  /** Lets what the API holds settle until shortly before `deadline`; nothing to do when absent. */
  drain?(deadline: number): Promise<void>;
  /** Cuts every call and connection now. */
  cut(): void;
  /** Lets calls finish until `deadline`, then cuts them. Idempotent. */
  close(deadline: number): Promise<void>;
}

export interface GrpcListenerOptions {
  /** The API as named in errors and logs, e.g. 'gRPC API'. */
  name: string;
  /** Where its address is configured, named when it cannot listen. */
  setting: string;
  logger: Logger;
  /** Called once, with the first connection. */
  load(): Promise<InjectedGrpcApi>;
}

export class GrpcListener {
  private readonly server: Server;
  private api: InjectedGrpcApi | undefined;
  private loading: Promise<InjectedGrpcApi | undefined> | undefined;
  private stopped = false;

  constructor(private readonly options: GrpcListenerOptions) {
    // Paused: nothing is read from a connection until grpc-js has it.
    this.server = createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
  }

  /** host:port as bound; '' before listen() and after close(). */
  get address(): string {
    return addressOf(this.server);
  }

  async listen(address: string): Promise<void> {
    try {
      await listen(this.server, address);
    } catch (err) {
      throw new Error(`the ${this.options.name} cannot listen on ${address} (${this.options.setting}): ${(err as Error).message}`, { cause: err });
    }
  }

  /** Nothing was served before the API was loaded, so there is nothing to drain then. */
  async drain(deadline: number): Promise<void> {
    const api = this.api ?? (await this.loading);
    await api?.drain?.(deadline);
  }

  /** Cuts every call and connection now (a second signal); close() still settles as usual. */
  cut(): void {
    this.stopListening();
    this.api?.cut();
  }

  /** Lets calls finish until `deadline`, then cuts them. Idempotent. */
  async close(deadline: number): Promise<void> {
    this.stopListening();
    const api = this.api ?? (await this.loading);
    await api?.close(deadline);
  }

  private accept(socket: Socket): void {
    if (this.api !== undefined) {
      this.api.serve(socket.resume());
      return;
    }
    // A connection waiting for the load is not read from, but a reset may still be reported.
    const dropped = (): void => void socket.destroy();
    socket.on('error', dropped);
    void (this.loading ??= this.load()).then((api) => {
      socket.off('error', dropped);
      if (api === undefined || this.stopped) socket.destroy();
      else api.serve(socket.resume());
    });
  }

  private async load(): Promise<InjectedGrpcApi | undefined> {
    const { name, logger } = this.options;
    const started = performance.now();
    try {
      this.api = await this.options.load();
      logger.debug({ loadMs: Math.round(performance.now() - started) }, `${name} loaded for its first connection`);
      return this.api;
    } catch (err) {
      // Nothing can serve it then (a broken install); every connection is closed, HTTP goes on.
      logger.error({ err }, `the ${name} could not be loaded; its connections are closed`);
      return undefined;
    }
  }

  private stopListening(): void {
    this.stopped = true;
    if (this.server.listening) this.server.close();
  }
}

/** The outrigger.v1 API's listener (server.grpcAddr). */
export function apiListener(ctx: GrpcContext): GrpcListener {
  return new GrpcListener({
    name: 'gRPC API',
    setting: 'server.grpcAddr, OUTRIGGER_GRPC_ADDR',
    logger: ctx.logger,
    load: async () => new (await import('./server.js')).GrpcApi(ctx),
  });
}
