/**
 * gRPC during a graceful shutdown: health turns NOT_SERVING, no new Consume streams, open ones
 * may still settle until the grace deadline, what is left is released (attempt not counted),
 * and unary calls keep being answered while draining.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConsumeSession } from '../infra/helpers/consume-client.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { call, grpcClients, type GrpcClients } from '../infra/helpers/grpc.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
});

async function daemonFor(options: Parameters<typeof startDaemon>[0]): Promise<{ daemon: RunningDaemon; clients: GrpcClients }> {
  const daemon = await startDaemon(options);
  const clients = grpcClients(daemon.grpcAddr);
  cleanups.push(() => daemon.kill());
  cleanups.push(() => clients.close());
  return { daemon, clients };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('grpc - graceful shutdown', () => {
  it('shutdown - drains Consume streams: settle until the deadline, release the rest, answer unary calls', async () => {
    const config = { development: true, shutdown: { gracePeriod: '4s' } };
    const { daemon, clients } = await daemonFor({ config });
    for (const body of ['a', 'b']) await fetch(`${daemon.url}/v1/command/work`, { method: 'POST', body });
    const session = new ConsumeSession(clients, { queue: 'work', maxInFlight: 2 });
    cleanups.push(() => session.cancel());
    await session.waitFor(() => session.deliveries.length === 2, 'two deliveries');

    daemon.child.kill('SIGTERM');
    await until(async () => (await call(clients.health, 'Check', { service: '' })).status === 'NOT_SERVING', 'health NOT_SERVING');
    const late = new ConsumeSession(clients, { queue: 'work', maxInFlight: 1 });
    expect(await late.ended).toMatchObject({ code: 14, outriggerCode: 'shutting_down' });
    // Still answering unary calls while draining, like HTTP.
    const sent = await call(clients.command, 'SendCommand', { queue: 'work', event: { data: Buffer.from('c') } });
    expect(sent.id).toBeTruthy();

    const [done, held] = session.deliveries;
    session.ack(done!.tag);
    const ended = await session.ended;
    expect(ended).toMatchObject({ code: 14, outriggerCode: 'shutting_down' });
    expect(session.settleFailures).toEqual([]);
    expect(await daemon.exited).toBe(0);

    // The same config: a zero-config run keeps its data in a file of its own (outrigger-dev.db).
    const { daemon: next } = await daemonFor({ config: { development: true }, dataDir: daemon.dataDir });
    const response = await fetch(`${next.url}/v1/command/work/receive?max=10`, { method: 'POST' });
    const left = (await response.json()) as Array<{ id: string; attempt: number }>;
    // The acked one is gone; the released one is back with its attempt not counted.
    expect(left.map((d) => d.id).sort()).toEqual([held!.id, sent.id].sort());
    expect(left.find((d) => d.id === held!.id)).toMatchObject({ attempt: 1 });
    expect(left.some((d) => d.id === done!.id)).toBe(false);
  });
});
