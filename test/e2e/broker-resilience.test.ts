/**
 * Broker operations through the broker's resilience policy, in the built daemon, against the
 * Service Bus test broker answering ServerBusy on demand: a breaker that opens after the
 * configured failures and then answers 503 circuit_open without touching the broker, half-opens
 * and recovers; retries of keyed commands only (a repeat of an unkeyed one could store it twice).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { ServiceBusTestBroker } from '../infra/servicebus-broker/broker.js';

let broker: ServiceBusTestBroker;
let daemon: RunningDaemon;
const fragileQueue = `fragile-${randomUUID().slice(0, 8)}`;
const patientQueue = `patient-${randomUUID().slice(0, 8)}`;
const unkeyedQueue = `unkeyed-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  broker.createQueue(fragileQueue);
  broker.createQueue(patientQueue);
  broker.createQueue(unkeyedQueue);
  daemon = await startDaemon({
    config: {
      app: { id: 'broker-resilience' },
      defaultBroker: 'fragile',
      policies: {
        fragile: { retry: { maxAttempts: 1 }, circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: '1500ms' } },
        patient: { retry: { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '2s' }, circuitBreaker: { consecutiveFailures: 100 } },
      },
      brokers: {
        // The driver's own namespace-wide ServerBusy back-off would refuse sends locally for a
        // while; off here, so that what is tested is the broker policy alone.
        fragile: { driver: 'azure-servicebus', connectionString: '${SB}', policy: 'fragile', serverBusyBackoffMs: 0 },
        patient: { driver: 'azure-servicebus', connectionString: '${SB}', policy: 'patient', serverBusyBackoffMs: 0 },
      },
      queues: { [fragileQueue]: { broker: 'fragile' }, [patientQueue]: { broker: 'patient' }, [unkeyedQueue]: { broker: 'patient' } },
    },
    env: { SB: broker.connectionString },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await broker?.stop();
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') console.log(daemon.output());
});

async function command(queue: string, headers: Record<string, string> = {}): Promise<{ status: number; code?: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${daemon.url}/v1/command/${queue}`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json', ...headers } });
  const body = (await response.json()) as { code?: string };
  return { status: response.status, ...(body.code !== undefined ? { code: body.code } : {}), ms: performance.now() - started };
}

async function metric(line: string): Promise<number | undefined> {
  const text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(line + ' '));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('broker operations under the broker policy', () => {
  it('opens the breaker after the configured failures, answers circuit_open at once without the broker, half-opens and recovers', async () => {
    expect((await command(fragileQueue)).status).toBe(202);
    broker.serverBusy(1000);
    try {
      expect(await command(fragileQueue)).toMatchObject({ status: 503, code: 'broker_unavailable' });
      expect(await command(fragileQueue)).toMatchObject({ status: 503, code: 'broker_unavailable' });
      const refused = await command(fragileQueue);
      expect(refused).toMatchObject({ status: 503, code: 'circuit_open' });
      expect(refused.ms).toBeLessThan(200);
      expect(await metric(`outrigger_circuit_state{scope="broker",name="fragile"}`)).toBe(2);
      expect(await metric(`outrigger_broker_rejections_total{broker="fragile",why="circuit_open"}`)).toBeGreaterThanOrEqual(1);
    } finally {
      broker.serverBusy(0);
    }
    const before = broker.queues.get(fragileQueue)!.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await command(fragileQueue)).status).toBe(202);
    expect((await command(fragileQueue)).status).toBe(202);
    expect(broker.queues.get(fragileQueue)!.messages.length).toBe(before + 2);
    expect(await metric(`outrigger_circuit_state{scope="broker",name="fragile"}`)).toBe(0);
  });

  it('retries a command that carries an Idempotency-Key, and only such a command', async () => {
    // The first send to a queue attaches its link; the SDK tries twice (maxRetries 1), so two
    // refused attaches fail one attempt with a retriable broker_unavailable (Retry-After 1 s).
    const refuse = (address: string): void => {
      broker.refuseNextAttach({ address, condition: 'amqp:internal-error', description: 'refused by the test' });
      broker.refuseNextAttach({ address, condition: 'amqp:internal-error', description: 'refused by the test' });
    };
    refuse(patientQueue);
    expect((await command(patientQueue, { 'idempotency-key': `k-${randomUUID()}` })).status).toBe(202);
    expect(broker.queues.get(patientQueue)!.messages).toHaveLength(1);
    expect(await metric(`outrigger_broker_retries_total{broker="patient",reason="broker_unavailable"}`)).toBeGreaterThanOrEqual(1);

    refuse(unkeyedQueue);
    expect(await command(unkeyedQueue)).toMatchObject({ status: 503, code: 'broker_unavailable' });
    expect(broker.queues.get(unkeyedQueue)!.messages).toHaveLength(0);
  });
});
