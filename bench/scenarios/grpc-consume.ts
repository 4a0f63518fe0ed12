/**
 * gRPC (issue 4): consuming a queue with acks, Consume vs HTTP pull. Each run starts a fresh
 * daemon and pre-loads N commands (256 B JSON) into each of two queues (HTTP, 32 concurrent
 * requests; there is no batch route for commands). Then, in alternating order:
 * - gRPC: one ConsumeService.Consume stream, max_in_flight 256, one Ack message per delivery
 *   written as soon as the delivery arrives; rate = N / (subscribe sent → N-th delivery in);
 * - HTTP: two pull loops (so up to 200 unsettled, near the 256 credits), each POST
 *   /receive?max=100 then one POST /ack per lease, all of a batch's acks in parallel over a pool
 *   of 32 connections, awaited before the next receive; rate = N / (first receive → last ack).
 * Afterwards the queue must be empty: a receive after the stream has ended (which gives back
 * anything unsettled at once) must find nothing.
 */
import { Pool } from 'undici';
import type { ClientDuplexStream, ServiceError, StatusObject } from '@grpc/grpc-js';
import type { Message } from '../lib/grpc-client.js';
import { watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { preloadCommands, startGrpcSetup, type GrpcSetup, type Preload } from './grpc-common.js';

const maxInFlight = 256;
const receiveMax = 100;
const pullLoops = 2;
const dataBytes = 256;

type Protocol = 'grpc' | 'http';

interface ConsumeRun {
  n: number;
  delivered: number;
  elapsedMs: number;
  perSecond: number;
  /** Messages found in the queue afterwards (should be 0). */
  leftover: number;
  settleFailures: number;
  cores: Record<string, number | null>;
  extra: Record<string, unknown>;
}

interface Raw {
  run: number;
  order: Protocol[];
  preload: Preload[];
  protocols: Partial<Record<Protocol, ConsumeRun>>;
}

async function leftoverIn(pool: Pool, queue: string): Promise<number> {
  const res = await pool.request({ method: 'POST', path: `/v1/command/${queue}/receive?max=1000&waitMs=0` });
  const list = (await res.body.json()) as unknown[];
  return list.length;
}

async function consumeGrpc(setup: GrpcSetup, queue: string, n: number, timeoutMs: number): Promise<Omit<ConsumeRun, 'cores' | 'leftover'>> {
  const call = setup.clients.consume.Consume() as ClientDuplexStream<Record<string, unknown>, Message>;
  let delivered = 0;
  let settleFailures = 0;
  const ended = new Promise<StatusObject>((resolve) => call.on('status', resolve));
  call.on('error', (_err: ServiceError) => undefined);
  const t0 = process.hrtime.bigint();
  let tLast = t0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Consume: ${delivered} of ${n} deliveries within ${timeoutMs} ms`)), timeoutMs);
    call.on('data', (message: Message) => {
      if (message.delivery) {
        delivered++;
        call.write({ ack: { tags: [message.delivery.tag] } });
        if (delivered === n) {
          tLast = process.hrtime.bigint();
          clearTimeout(timer);
          resolve();
        }
      } else if (message.settleFailed) settleFailures++;
    });
    void ended.then((status) => {
      if (delivered < n) {
        clearTimeout(timer);
        reject(new Error(`Consume ended after ${delivered} of ${n}: ${status.code} ${status.details}`));
      }
    });
  });
  call.write({ subscribe: { queue, maxInFlight } });
  await done;
  const elapsedMs = Number(tLast - t0) / 1e6;
  // Let the last acks land before half-closing (the end releases whatever is still unsettled).
  await new Promise((resolve) => setTimeout(resolve, 300));
  call.end();
  const status = await ended;
  return { n, delivered, elapsedMs: Math.round(elapsedMs), perSecond: Math.round((delivered * 1_000) / elapsedMs), settleFailures, extra: { endStatus: status.code } };
}

async function consumeHttp(pool: Pool, queue: string, n: number): Promise<Omit<ConsumeRun, 'cores' | 'leftover'>> {
  let delivered = 0;
  let receives = 0;
  let emptyReceives = 0;
  let ackFailures = 0;
  const ackBody = (lease: string): string => JSON.stringify({ lease });
  const loop = async (): Promise<void> => {
    while (delivered < n) {
      const res = await pool.request({ method: 'POST', path: `/v1/command/${queue}/receive?max=${receiveMax}&waitMs=0` });
      if (res.statusCode !== 200) throw new Error(`receive: ${res.statusCode} ${await res.body.text()}`);
      const list = (await res.body.json()) as Array<{ lease: string }>;
      receives++;
      if (list.length === 0) {
        emptyReceives++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      delivered += list.length;
      await Promise.all(
        list.map(async (d) => {
          const ack = await pool.request({ method: 'POST', path: `/v1/command/${queue}/ack`, headers: { 'content-type': 'application/json' }, body: ackBody(d.lease) });
          await ack.body.dump();
          if (ack.statusCode !== 204) ackFailures++;
        }),
      );
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: pullLoops }, loop));
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { n, delivered, elapsedMs: Math.round(elapsedMs), perSecond: Math.round((delivered * 1_000) / elapsedMs), settleFailures: ackFailures, extra: { receives, emptyReceives } };
}

export const grpcConsumeScenario: ApiScenario = {
  name: 'grpc-consume',
  description: `consume a queue of N pre-loaded commands (${dataBytes} B JSON) with an ack for each: one gRPC Consume stream (max_in_flight ${maxInFlight}) vs HTTP pull (${pullLoops} loops of receive max=${receiveMax} + one ack request per message); fresh daemon per run`,
  async run(ctx: ApiContext): Promise<ScenarioReport> {
    const n = ctx.settings.quick ? 5_000 : 50_000;
    const timeoutMs = 300_000;
    const raw: Raw[] = [];
    const profiles: string[] = [];
    for (let run = 0; run < ctx.settings.runs; run++) {
      const setup = await startGrpcSetup(ctx);
      const pool = new Pool(setup.api.daemon.origin, { connections: 32, pipelining: 1, keepAliveTimeout: 60_000 });
      try {
        const preload = [await preloadCommands(setup.api.daemon.origin, 'work-grpc', n, dataBytes), await preloadCommands(setup.api.daemon.origin, 'work-http', n, dataBytes)];
        ctx.log(`grpc-consume run ${run + 1}: pre-loaded ${n} commands into each queue at ${preload.map((p) => p.perSecond).join(' and ')}/s`);
        const order: Protocol[] = run % 2 === 0 ? ['grpc', 'http'] : ['http', 'grpc'];
        const protocols: Raw['protocols'] = {};
        for (const protocol of order) {
          const queue = protocol === 'grpc' ? 'work-grpc' : 'work-http';
          const watch = watchCpu({ daemon: setup.api.daemon.pid, generator: process.pid });
          const startNs = process.hrtime.bigint();
          const result = protocol === 'grpc' ? await consumeGrpc(setup, queue, n, timeoutMs) : await consumeHttp(pool, queue, n);
          setup.api.mark(`${protocol} consume`, startNs, process.hrtime.bigint());
          const { cores } = watch.stop();
          const leftover = await leftoverIn(pool, queue);
          protocols[protocol] = { ...result, cores, leftover };
          ctx.log(`grpc-consume run ${run + 1} ${protocol}: ${result.perSecond} deliveries/s (${result.delivered} in ${result.elapsedMs} ms), settle failures ${result.settleFailures}, left in queue ${leftover}, cores ${JSON.stringify(cores)} ${JSON.stringify(result.extra)}`);
        }
        raw.push({ run, order, preload, protocols });
      } finally {
        await pool.close();
        const profile = await setup.stop();
        if (profile !== null) profiles.push(profile);
      }
    }
    for (const profile of profiles) ctx.log(`grpc-consume daemon profile:\n${profile}`);
    return { name: this.name, description: `${this.description}; N = ${n}`, metrics: metricsOf(raw), raw: profiles.length > 0 ? [{ profiles }, ...raw] : raw };
  },
};

function metricsOf(raw: Raw[]): Metric[] {
  const pick = (p: Protocol, f: (r: ConsumeRun) => number | null): (number | null)[] => raw.map((run) => (run.protocols[p] === undefined ? null : f(run.protocols[p])));
  return [
    { label: 'gRPC Consume with acks', unit: 'msg/s', values: pick('grpc', (r) => r.perSecond), target: { op: '>=', value: 20_000 } },
    { label: 'HTTP receive + ack', unit: 'msg/s', values: pick('http', (r) => r.perSecond) },
    { label: 'gRPC settle failures + messages left', unit: '', values: pick('grpc', (r) => r.settleFailures + r.leftover) },
    { label: 'HTTP ack failures + messages left', unit: '', values: pick('http', (r) => r.settleFailures + r.leftover) },
    { label: 'daemon CPU (gRPC runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.daemon ?? null) },
    { label: 'generator CPU (gRPC runs)', unit: 'cores', values: pick('grpc', (r) => r.cores.generator ?? null) },
    { label: 'daemon CPU (HTTP runs)', unit: 'cores', values: pick('http', (r) => r.cores.daemon ?? null) },
    { label: 'pre-load, commands over HTTP', unit: 'msg/s', values: raw.map((r) => r.preload[0]?.perSecond ?? null) },
  ];
}
