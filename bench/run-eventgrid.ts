/**
 * Azure Event Grid (issue 13): publish through Outrigger against @azure/eventgrid used directly,
 * and the latency the webhook adds to Event Grid's push to the app, against our Event Grid test
 * server (its own process) started here, in one run.
 *   npm run build && node dist/bench/run-eventgrid.js
 * Env: BENCH_QUICK=1 (short runs, never a record), BENCH_RECORD=1 (write to bench/results/),
 * BENCH_EG_WORKERS (concurrent callers, default 32), BENCH_EG_SECONDS (per side of a comparison,
 * default 12), BENCH_EG_ROUNDS (default 4).
 *
 * The two sides of each comparison alternate in rounds (direct, Outrigger, direct, ...), each
 * round a quarter of the time, and are summed: a machine whose load drifts during the run
 * (two cores shared with other work) then weighs on both sides alike.
 *
 * - publish: W callers, each publishing its next event when the last was accepted. Direct:
 *   `EventGridPublisherClient.send([event])` (CloudEvents schema, key credential), one event per
 *   call, as an app would. Outrigger: HTTP POST /v1/publish/{topic}; the daemon coalesces
 *   concurrent publishes into requests under 1 MB. Rate and per-call latency (p50, p99).
 * - webhook push: W callers playing Event Grid, each POSTing one CloudEvent
 *   (application/cloudevents+json) and waiting for the answer. Direct: to the app itself.
 *   Outrigger: to /webhooks/{name}, which authenticates, parses and pushes it to the same app in
 *   binary mode. Added latency = Outrigger's p50 / p99 minus the direct ones.
 * Beside each rate: CPU µs per event of each process (daemon, bench, test server), from /proc.
 * No pinning: three processes share the two cores.
 */
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { startDaemon } from './lib/daemon.js';
import { freePort } from './lib/free-port.js';
import { Histogram, type HistogramSummary } from './lib/histogram.js';
import { machineInfo } from './lib/machine.js';
import { cpuMeter, cpuSummary, round2, type CpuMeter } from './lib/message-rate.js';
import { resultsDir } from './lib/paths.js';
import { PushApp } from './lib/push-app.js';
import { gitHead, writeResults } from './lib/results-file.js';
import { startServerProcess } from './lib/server-process.js';

const quick = process.env.BENCH_QUICK === '1';
const workers = Number(process.env.BENCH_EG_WORKERS ?? 32);
const seconds = Number(process.env.BENCH_EG_SECONDS ?? (quick ? 3 : 12));
const rounds = Number(process.env.BENCH_EG_ROUNDS ?? 4);
const key = Buffer.from('outrigger-bench-eventgrid-key').toString('base64');
const secret = 'bench-webhook-secret-0123456789';
const data = { pad: 'x'.repeat(200) };

interface LoopResult {
  rate: number;
  latency: HistogramSummary;
  outcomes: Record<string, number>;
  cpuUsPerEvent: Record<string, number>;
}

function log(message: string): void {
  process.stderr.write(`[bench-eg ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface Side {
  call: () => Promise<string>;
  meter: CpuMeter;
  ok: (outcome: string) => boolean;
}

/** One side's running totals over its rounds. */
class Tally {
  readonly latency = new Histogram();
  readonly outcomes: Record<string, number> = {};
  readonly cpu: Record<string, number> = {};
  done = 0;
  elapsedMs = 0;

  result(): LoopResult {
    const cpuUsPerEvent = Object.fromEntries(Object.entries(this.cpu).map(([name, us]) => [name, Math.round(us / Math.max(1, this.done))]));
    return { rate: this.done / (this.elapsedMs / 1000), latency: this.latency.summary(), outcomes: this.outcomes, cpuUsPerEvent };
  }
}

/** W workers calling `side.call` back to back for `ms`; counts and times only successes. */
async function closedLoop(side: Side, ms: number, tally: Tally): Promise<void> {
  let done = 0;
  const started = performance.now();
  const end = started + ms;
  side.meter.start();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const t0 = process.hrtime.bigint();
        const outcome = await side.call().catch((err: unknown) => `error:${(err as { statusCode?: number }).statusCode ?? (err as Error).name}`);
        tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
        if (side.ok(outcome)) {
          done++;
          tally.latency.recordSince(t0, process.hrtime.bigint());
        }
      }
    }),
  );
  tally.elapsedMs += performance.now() - started;
  tally.done += done;
  for (const [name, perEvent] of Object.entries(side.meter.stop(done))) tally.cpu[name] = (tally.cpu[name] ?? 0) + perEvent * done;
}

/** The two sides in alternating rounds, `seconds` each in all. */
async function compare(direct: Side, outrigger: Side): Promise<[LoopResult, LoopResult]> {
  const [a, b] = [new Tally(), new Tally()];
  for (let round = 0; round < rounds; round++) {
    await closedLoop(direct, (seconds * 1000) / rounds, a);
    await closedLoop(outrigger, (seconds * 1000) / rounds, b);
  }
  return [a.result(), b.result()];
}

function post(url: string, agent: Agent, payload: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? 'unknown'}`));
    req.end(payload);
  });
}

async function main(): Promise<void> {
  const outDir = resultsDir(process.env);
  log(`workers ${workers}, ${seconds} s per side in ${rounds} alternating rounds, ${cpus().length} cores`);
  const server = await startServerProcess(null, fileURLToPath(new URL('./tools/eventgrid-server.js', import.meta.url)), [key], 'Event Grid test server');
  const app = new PushApp();
  const appUrl = await app.listen();
  const webhookPort = await freePort();
  const results: Record<string, unknown> = {};
  const cpu: Record<string, Record<string, number>> = {};
  try {
    const directMeter = cpuMeter({ bench: process.pid, server: server.pid });
    const client = new EventGridPublisherClient(`${server.origin}/direct/api/events`, 'CloudEvent', new AzureKeyCredential(key), { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });

    const config = [
      `app: { id: bench-eg, url: "${appUrl}" }`,
      `server: { webhookAddr: "127.0.0.1:${webhookPort}" }`,
      `brokers: { grid: { driver: azure-eventgrid, endpoint: "${server.origin}/outrigger/api/events", key: "${key}" } }`,
      'topics: { orders: { broker: grid } }',
      `webhooks: { bench: { kind: eventgrid, secret: "${secret}" } }`,
      `subscriptions: [ { name: pushed, from: { webhook: bench }, deliver: /push, concurrency: ${workers} } ]`,
      '',
    ].join('\n');
    const { daemon } = await startDaemon({ configYaml: config });
    try {
      const meter = cpuMeter({ daemon: daemon.pid, bench: process.pid, server: server.pid });
      const agent = new Agent({ keepAlive: true, maxSockets: workers });
      log('publish: SDK directly (one event per call) against Outrigger (HTTP POST /v1/publish), alternating');
      const payload = JSON.stringify(data);
      const [direct, via] = await compare(
        { call: () => client.send([{ type: 'Bench', source: 'bench', data }]).then(() => 'ok'), meter: directMeter, ok: (o) => o === 'ok' },
        { call: () => post(`${daemon.origin}/v1/publish/orders`, agent, payload, { 'content-type': 'application/json', 'ce-type': 'Bench' }), meter, ok: (o) => o === '202' },
      );
      results.publishDirect = direct;
      cpu.publishDirect = direct.cpuUsPerEvent;
      results.publishOutrigger = via;
      cpu.publishOutrigger = via.cpuUsPerEvent;
      results.publishRatio = round2(via.rate / direct.rate);

      const event = JSON.stringify({ specversion: '1.0', id: 'bench', source: '/bench', type: 'Bench', datacontenttype: 'application/json', data });
      log('webhook push: Event Grid straight to the app against Event Grid to the webhook and on to the app, alternating');
      const [pushDirect, pushVia] = await compare(
        { call: () => post(`${appUrl}/push`, agent, event, { 'content-type': 'application/cloudevents+json' }), meter: cpuMeter({ bench: process.pid }), ok: (o) => o === '204' },
        {
          call: () => post(`http://127.0.0.1:${webhookPort}/webhooks/bench?code=${secret}`, agent, event, { 'content-type': 'application/cloudevents+json', 'aeg-delivery-count': '0' }),
          meter,
          ok: (o) => o === '200',
        },
      );
      agent.destroy();
      results.pushDirect = pushDirect;
      results.pushOutrigger = pushVia;
      cpu.pushOutrigger = pushVia.cpuUsPerEvent;
      results.pushAddedUs = { p50: pushVia.latency.p50Us - pushDirect.latency.p50Us, p99: pushVia.latency.p99Us - pushDirect.latency.p99Us };
    } finally {
      await daemon.stop();
    }
  } finally {
    await app.close();
    await server.stop();
  }

  const record = { at: new Date().toISOString(), workers, seconds, rounds, cores: cpus().length, quick, results, cpuUsPerEvent: cpu, gitHead: gitHead(), machine: machineInfo() };
  const file = writeResults(outDir, 'eventgrid-', new Date(record.at), record);
  const d = results.publishDirect as LoopResult;
  const o = results.publishOutrigger as LoopResult;
  const pd = results.pushDirect as LoopResult;
  const po = results.pushOutrigger as LoopResult;
  const added = results.pushAddedUs as { p50: number; p99: number };
  const ms = (us: number): string => (us / 1000).toFixed(2);
  process.stdout.write(
    [
      '| scenario | SDK / app directly | through Outrigger | ratio (target >= 0.8) | CPU µs/event, Outrigger |',
      '|---|---|---|---|---|',
      `| publish, ${workers} callers, one event each | ${Math.round(d.rate)}/s (p50 ${ms(d.latency.p50Us)} / p99 ${ms(d.latency.p99Us)} ms) | ${Math.round(o.rate)}/s (p50 ${ms(o.latency.p50Us)} / p99 ${ms(o.latency.p99Us)} ms) | ${results.publishRatio as number} | ${cpuSummary(cpu, 'publishOutrigger')} |`,
      `| webhook push, ${workers} callers | ${Math.round(pd.rate)}/s (p50 ${ms(pd.latency.p50Us)} / p99 ${ms(pd.latency.p99Us)} ms) | ${Math.round(po.rate)}/s (p50 ${ms(po.latency.p50Us)} / p99 ${ms(po.latency.p99Us)} ms) | added p50 ${ms(added.p50)} ms, p99 ${ms(added.p99)} ms | ${cpuSummary(cpu, 'pushOutrigger')} |`,
      '',
      `outcomes: direct ${JSON.stringify(d.outcomes)}, Outrigger ${JSON.stringify(o.outcomes)}, webhook ${JSON.stringify(po.outcomes)}`,
      `written to ${file}`,
      '',
    ].join('\n'),
  );
}

await main();
