import { EventEmitter } from 'node:events';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { describe, expect, it } from 'vitest';
import { addLazyReflection } from '../../src/api/grpc/lazy-reflection.js';
import { apiProtoFiles, healthProtoFile, protoRoot } from '../../src/api/grpc/protos.js';
import { reflectionDefinition } from '../../src/api/grpc/reflection.js';

const v1 = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';
const definition = (): unknown => reflectionDefinition(protoRoot(), [...apiProtoFiles, healthProtoFile]);

/** The real codecs, to write requests and read answers as a client would. */
function codecs(): { encode(request: unknown): Buffer; decode(bytes: Buffer): Record<string, unknown> } {
  let found: { requestSerialize(v: unknown): Buffer; responseDeserialize(b: Buffer): unknown } | undefined;
  new ReflectionService(definition() as ConstructorParameters<typeof ReflectionService>[0]).addToServer({
    addService(service: ServiceDefinition) {
      const method = service['ServerReflectionInfo']!;
      if (method.path === v1) found = method as never;
    },
  });
  return { encode: (r) => found!.requestSerialize(r), decode: (b) => found!.responseDeserialize(b) as Record<string, unknown> };
}

/** Registers the lazy reflection on a server that only collects handlers; `builds` counts the loads. */
function lazyServer(): { call(): FakeCall; builds: () => number } {
  const handlers = new Map<string, (call: unknown) => void>();
  let builds = 0;
  addLazyReflection(
    {
      addService(service: ServiceDefinition, implementation: UntypedServiceImplementation) {
        const method = service['ServerReflectionInfo']!;
        handlers.set(method.path, implementation['ServerReflectionInfo'] as (call: unknown) => void);
      },
    },
    async () => {
      builds++;
      return definition();
    },
  );
  return {
    call: () => {
      const call = new FakeCall();
      handlers.get(v1)!(call);
      return call;
    },
    builds: () => builds,
  };
}

class FakeCall extends EventEmitter {
  readonly written: Buffer[] = [];
  ended = false;
  errors: Array<{ code: number; details: string }> = [];
  constructor() {
    super();
    this.on('error', (err: { code: number; details: string }) => this.errors.push(err));
  }
  write(bytes: Buffer): void {
    this.written.push(bytes);
  }
  end(): void {
    this.ended = true;
  }
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('gRPC server reflection, built on its first call', () => {
  it('builds nothing until asked, then answers frames sent while it loaded, in order, and builds once', async () => {
    const { encode, decode } = codecs();
    const server = lazyServer();
    expect(server.builds()).toBe(0);
    const call = server.call();
    call.emit('data', encode({ listServices: '' }));
    call.emit('data', encode({ fileContainingSymbol: 'outrigger.v1.CommandService' }));
    call.emit('end');
    await until(() => call.ended);
    expect(call.written).toHaveLength(2);
    const [services, file] = call.written.map(decode);
    expect(JSON.stringify(services)).toContain('outrigger.v1.CommandService');
    expect(file).toHaveProperty('fileDescriptorResponse');
    expect(call.ended).toBe(true);

    const again = server.call();
    again.emit('data', encode({ listServices: '' }));
    await until(() => again.written.length === 1);
    expect(server.builds()).toBe(1);
  });

  it('answers a frame it cannot decode with INTERNAL instead of throwing', async () => {
    const server = lazyServer();
    const call = server.call();
    // Field 1 with wire type 7, which protobuf does not have.
    call.emit('data', Buffer.from([0x0f]));
    await until(() => call.errors.length > 0 || call.written.length > 0);
    expect(call.errors[0]).toMatchObject({ code: 13 });
    expect(call.errors[0]!.details).toMatch(/cannot decode the reflection request/);
  });
});
