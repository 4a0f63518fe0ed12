/**
 * "Any language": a Python client (Debian's python3-grpcio, stubs generated from proto/ at test
 * time with python3-grpc-tools) publishes, consumes with acks, sends commands and reads a
 * stream against the built daemon. /usr/bin/python3 explicitly: a pyenv python3 first on the
 * PATH cannot see Debian's dist-packages. .ci/run installs the packages.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { runPython } from '../infra/helpers/python.js';
import type { Message } from '../infra/helpers/grpc.js';

const script = fileURLToPath(new URL('../infra/python/outrigger_client.py', import.meta.url));
const protoDir = fileURLToPath(new URL('../../proto/', import.meta.url));
const run = randomUUID().slice(0, 8);
const names = { topic: `orders-${run}`, subscription: `py-orders-${run}`, queue: `py-jobs-${run}`, stream: `py-ticks-${run}` };

let daemon: RunningDaemon;

beforeAll(async () => {
  daemon = await startDaemon({
    config: {
      app: { id: 'python-test' },
      topics: { [names.topic]: {} },
      queues: { [names.queue]: {} },
      streams: { [names.stream]: { partitions: 2 } },
      subscriptions: [{ name: names.subscription, from: { topic: names.topic } }],
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
});

describe('python client over gRPC', () => {
  it('python - publishes, consumes with acks under credits, sends commands and reads a stream', async () => {
    const { code, stdout, stderr } = await runPython(script, [daemon.grpcAddr, protoDir, names.topic, names.subscription, names.queue, names.stream]);
    expect(code, `python failed:\n${stderr}\n${stdout}`).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Message;

    expect(result.topic.subscribed).toEqual({ kind: 'topic', name: names.subscription, max_in_flight: 2 });
    expect(result.topic.deliveries.map((d: { id: string }) => d.id).sort()).toEqual([...result.published].sort());
    expect(result.topic.deliveries.every((d: { type: string; attempt: number }) => d.type === 'OrderCreated' && d.attempt === 1)).toBe(true);
    expect(result.topic.max_outstanding).toBeLessThanOrEqual(2);

    expect(result.queue.deliveries.map((d: { id: string }) => d.id).sort()).toEqual([...result.sent].sort());
    expect(result.queue.max_outstanding).toBeLessThanOrEqual(2);
    expect(result.queue_left).toBe(0);

    expect(result.read).toEqual(['tick-0', 'tick-1', 'tick-2']);
    expect(new Set(result.appended.map((a: { partition: number }) => a.partition)).size).toBe(1);
    expect(result.unknown).toEqual({ status: 'NOT_FOUND', code: 'unknown_resource' });
  });
});
