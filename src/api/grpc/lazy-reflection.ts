/**
 * Server reflection, registered at start but built on its first call. Building it means parsing
 * every .proto file into descriptors and loading @grpc/reflection with its own proto files; a
 * sidecar whose app never asks (almost all of them: reflection is for grpcurl and dynamic
 * clients) should pay for neither, in start-up time or in memory.
 *
 * Both reflection versions are registered under their method paths with bytes in and bytes out;
 * the first stream loads @grpc/reflection, which hands its handlers and message codecs to a
 * collecting `addService` (its public way of being added to a server), and every stream is then
 * decoded, answered and encoded by those.
 */
import { EventEmitter } from 'node:events';
import { status, type Server, type ServerDuplexStream, type ServiceDefinition, type UntypedHandleCall } from '@grpc/grpc-js';

const services = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'] as const;
const method = 'ServerReflectionInfo';

/** What @grpc/reflection hands addService for one version: the codecs and the stream handler. */
interface Loaded {
  requestDeserialize(bytes: Buffer): unknown;
  responseSerialize(value: unknown): Buffer;
  handle(stream: EventEmitter & { write(value: unknown): void; end(): void }): void;
}

/** `build` makes the package definition @grpc/reflection serves (reflection.ts), on first use. */
export function addLazyReflection(server: Pick<Server, 'addService'>, build: () => Promise<unknown>): void {
  let loading: Promise<Map<string, Loaded>> | undefined;
  const load = (): Promise<Map<string, Loaded>> => (loading ??= loadReflection(build));
  for (const service of services) {
    const path = `/${service}/${method}`;
    const raw = (bytes: Buffer): Buffer => bytes;
    const definition = {
      [method]: { path, requestStream: true, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw, originalName: method },
    } as unknown as ServiceDefinition;
    const handler = (call: ServerDuplexStream<Buffer, Buffer>): void => serve(call, service, load);
    server.addService(definition, { [method]: handler as UntypedHandleCall });
  }
}

async function loadReflection(build: () => Promise<unknown>): Promise<Map<string, Loaded>> {
  const [{ ReflectionService }, pkg] = await Promise.all([import('@grpc/reflection'), build()]);
  const loaded = new Map<string, Loaded>();
  new ReflectionService(pkg as ConstructorParameters<typeof ReflectionService>[0]).addToServer({
    addService(definition, implementation) {
      const m = definition[method]!;
      const name = m.path.split('/')[1]!;
      loaded.set(name, {
        requestDeserialize: (bytes) => m.requestDeserialize(bytes),
        responseSerialize: (value) => m.responseSerialize(value),
        handle: implementation[method] as Loaded['handle'],
      });
    },
  });
  return loaded;
}

/** Feeds the call's frames to the real handler once it is loaded, in order, none lost meanwhile. */
function serve(call: ServerDuplexStream<Buffer, Buffer>, service: string, load: () => Promise<Map<string, Loaded>>): void {
  const early: Array<['data', Buffer] | ['end']> = [];
  const queue = (bytes: Buffer): void => void early.push(['data', bytes]);
  const queueEnd = (): void => void early.push(['end']);
  call.on('data', queue);
  call.on('end', queueEnd);
  load().then(
    (loaded) => {
      const real = loaded.get(service)!;
      const stream = Object.assign(new EventEmitter(), {
        write: (value: unknown) => call.write(real.responseSerialize(value)),
        end: () => call.end(),
      });
      real.handle(stream);
      call.off('data', queue);
      call.off('end', queueEnd);
      const forward = (bytes: Buffer): void => {
        let request: unknown;
        try {
          request = real.requestDeserialize(bytes);
        } catch (err) {
          // What grpc-js answers itself when a registered codec cannot read a frame.
          call.emit('error', { code: status.INTERNAL, details: `cannot decode the reflection request: ${(err as Error).message}` });
          return;
        }
        stream.emit('data', request);
      };
      for (const [event, bytes] of early) {
        if (event === 'data') forward(bytes);
        else stream.emit('end');
      }
      call.on('data', forward);
      call.on('end', () => stream.emit('end'));
    },
    (err: unknown) => call.emit('error', { code: status.INTERNAL, details: `server reflection is unavailable: ${(err as Error).message}` }),
  );
}
