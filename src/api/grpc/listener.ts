/**
 * The gRPC API's socket on server.grpcAddr, listening from start-up without gRPC loaded: grpc-js,
 * protobufjs and the API's definitions are about a quarter of what an idle daemon would load, and
 * many pods never call gRPC. The first connection loads them (once) and every connection is handed
 * to grpc-js as it would have accepted it itself. Lifecycle, in the daemon's order: listen() after
 * HTTP listens; drain() while draining (no new Consume streams, let clients settle, release the
 * rest; unary calls keep being answered); close() stops listening and closes the API, cutting
 * what is left at the grace deadline.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { addressOf, listen } from '../listen.js';
import type { GrpcContext } from './context.js';
import type { GrpcApi } from './server.js';

export class GrpcListener {
  private readonly server: Server;
  private api: GrpcApi | undefined;
  private loading: Promise<GrpcApi | undefined> | undefined;
  private stopped = false;

  constructor(private readonly ctx: GrpcContext) {
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
      throw new Error(`the gRPC API cannot listen on ${address} (server.grpcAddr, OUTRIGGER_GRPC_ADDR): ${(err as Error).message}`, { cause: err });
    }
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

  private async load(): Promise<GrpcApi | undefined> {
    const started = performance.now();
    try {
      const { GrpcApi } = await import('./server.js');
      this.api = new GrpcApi(this.ctx);
      this.ctx.logger.debug({ loadMs: Math.round(performance.now() - started) }, 'gRPC API loaded for its first connection');
      return this.api;
    } catch (err) {
      // Nothing can serve gRPC then (a broken install); every connection is closed, HTTP goes on.
      this.ctx.logger.error({ err }, 'the gRPC API could not be loaded; gRPC connections are closed');
      return undefined;
    }
  }

  private stopListening(): void {
    this.stopped = true;
    if (this.server.listening) this.server.close();
  }
}
