import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { PassThrough, type Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcListener, type InjectedGrpcApi } from '../../src/api/grpc/listener.js';
import { createLogger } from '../../src/observability/logger.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An API that only records what it is handed; `drain` and `close` record their deadlines. */
function fakeApi(): InjectedGrpcApi & { served: Duplex[]; drained: number[]; closed: number[] } {
  const api = {
    served: [] as Duplex[],
    drained: [] as number[],
    closed: [] as number[],
    serve: (connection: Duplex) => void api.served.push(connection),
    drain: async (deadline: number) => void api.drained.push(deadline),
    cut: () => {},
    close: async (deadline: number) => void api.closed.push(deadline),
  };
  return api;
}

function listener(load: () => Promise<InjectedGrpcApi>): { listener: GrpcListener; logs: () => string } {
  const output = new PassThrough();
  let logs = '';
  output.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const made = new GrpcListener({ name: 'Dapr gRPC API', setting: 'dapr.grpcAddr, OUTRIGGER_DAPR_GRPC_ADDR', logger: createLogger('debug', output), load });
  cleanups.push(() => made.close(Date.now()));
  return { listener: made, logs: () => logs };
}

async function dial(address: string): Promise<Socket> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const socket = connect(port, host);
  cleanups.push(() => socket.destroy());
  await once(socket, 'connect');
  return socket;
}

describe('grpc listener', () => {
  it('grpc listener - a taken address fails listen() naming the API and where its address is set', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
    const { port } = taken.address() as { port: number };
    const { listener: made } = listener(async () => fakeApi());
    await expect(made.listen(`127.0.0.1:${port}`)).rejects.toThrow(`the Dapr gRPC API cannot listen on 127.0.0.1:${port} (dapr.grpcAddr, OUTRIGGER_DAPR_GRPC_ADDR): `);
    expect(made.address).toBe('');
  });

  it('grpc listener - connections opened while the API loads are all handed to it, loaded once; drain and close reach it', async () => {
    const api = fakeApi();
    let loads = 0;
    let finishLoad!: () => void;
    const loaded = new Promise<void>((resolve) => (finishLoad = resolve));
    const { listener: made } = listener(async () => {
      loads++;
      await loaded;
      return api;
    });
    await made.listen('127.0.0.1:0');
    expect(made.address).toMatch(/^127\.0\.0\.1:\d+$/);
    await Promise.all([dial(made.address), dial(made.address), dial(made.address)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.served).toHaveLength(0);
    finishLoad();
    await expect.poll(() => api.served.length).toBe(3);
    await dial(made.address);
    await expect.poll(() => api.served.length).toBe(4);
    expect(loads).toBe(1);
    for (const socket of api.served) socket.destroy();
    await made.drain(1_000);
    await made.close(2_000);
    expect(api.drained).toEqual([1_000]);
    expect(api.closed).toEqual([2_000]);
    expect(made.address).toBe('');
  });

  it('grpc listener - an API that cannot be loaded closes the connection and logs why', async () => {
    const { listener: made, logs } = listener(async () => {
      throw new Error('no protos here');
    });
    await made.listen('127.0.0.1:0');
    const socket = await dial(made.address);
    await once(socket, 'close');
    await expect.poll(logs).toContain('the Dapr gRPC API could not be loaded; its connections are closed');
    expect(logs()).toContain('no protos here');
    await made.drain(1_000);
  });
});
