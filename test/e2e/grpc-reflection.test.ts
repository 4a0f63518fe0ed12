/**
 * Server reflection that real tools use: Python's descriptor pool is built from nothing but what
 * the built daemon's reflection answers, and a method is called through it (the pool refused the
 * merged, camelCased, import-less descriptor reflection used to serve).
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { runPython } from '../infra/helpers/python.js';

const script = fileURLToPath(new URL('../infra/python/reflection_client.py', import.meta.url));
const reflectionProto = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')), 'build/proto/grpc/reflection/v1/reflection.proto');
const queue = `reflected-${randomUUID().slice(0, 8)}`;

let daemon: RunningDaemon;

beforeAll(async () => {
  daemon = await startDaemon();
});

afterAll(async () => {
  await daemon?.stop();
});

describe('grpc reflection', () => {
  it('reflection - one descriptor per .proto file with its imports and snake_case names; a pool built from them calls a method', async () => {
    const { code, stdout, stderr } = await runPython(script, [daemon.grpcAddr, reflectionProto, queue]);
    expect(code, `python failed:\n${stderr}\n${stdout}`).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      services: string[];
      files: Record<string, string[]>;
      send_fields: string[];
      sent: string;
      received: Array<{ id: string; data: string }>;
    };
    expect(result.services).toEqual(expect.arrayContaining(['outrigger.v1.CommandService', 'outrigger.v1.ConsumeService', 'grpc.health.v1.Health']));
    expect(result.files['outrigger/v1/command.proto']).toEqual(['google/protobuf/duration.proto', 'google/protobuf/timestamp.proto', 'outrigger/v1/cloudevent.proto']);
    expect(result.files['outrigger/v1/consume.proto']).toEqual(expect.arrayContaining(['outrigger/v1/stream.proto', 'google/protobuf/timestamp.proto']));
    expect(result.files['google/protobuf/timestamp.proto']).toEqual([]);
    expect(Object.keys(result.files)).toEqual(expect.arrayContaining(['outrigger/v1/meta.proto', 'grpc/health/v1/health.proto']));
    expect(result.send_fields).toEqual(['queue', 'event', 'idempotency_key', 'ordering_key', 'delay', 'not_before', 'ttl']);
    expect(result.received).toEqual([{ id: result.sent, data: 'by reflection', lease_expires_at: expect.any(String) }]);
  });
});
