/**
 * Checks the harness itself, without the daemon: histogram precision against exact
 * percentiles, the open- and closed-loop generators against the direct baseline server, the
 * coordinated-omission correction against a server that stalls, and the push app's
 * timestamp handling. Run: npx tsc -p tsconfig.build.json; node dist/bench/tools/self-test.js
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { request } from 'undici';
import { startBaseline } from '../lib/baseline.js';
import { closedLoop } from '../lib/closed-loop.js';
import { Histogram } from '../lib/histogram.js';
import { openLoop } from '../lib/open-loop.js';
import { setUpPinning } from '../lib/pinning.js';
import { batchFactory, jsonOfSize, timestampedBody } from '../lib/payloads.js';
import { PushApp } from '../lib/push-app.js';

function checkHistogram(): void {
  const values = Array.from({ length: 200_000 }, () => Math.exp(Math.random() * Math.log(5_000_000)));
  const h = new Histogram();
  for (const v of values) h.record(v);
  const sorted = values.map((v) => Math.round(v)).sort((a, b) => a - b);
  for (const p of [50, 90, 99, 99.9, 100]) {
    const exact = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
    const got = h.percentile(p);
    assert.ok(Math.abs(got - exact) / exact <= 0.01, `p${p}: ${got} vs ${exact}`);
  }
  const a = new Histogram();
  const b = new Histogram();
  for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).record(i);
  assert.ok(Math.abs(a.merge(b).percentile(50) - 500) <= 5);
  assert.equal(a.count, 1000);
  assert.equal(a.summary().maxUs, 1000);
  console.log('histogram: percentiles within 1 %, merge ok');
}

async function checkOpenLoop(spinUs: number): Promise<void> {
  const baseline = await startBaseline(pinning.serverCore);
  const body = jsonOfSize(1_024, { a: 1 });
  assert.equal(Buffer.byteLength(body), 1_024);
  const r = await openLoop({ origin: baseline.origin, rate: 1_000, connections: 16, durationMs: 3_000, spinUs, make: () => ({ path: '/x', body }) });
  await baseline.stop();
  assert.equal(r.ok, 3_000);
  // Achieved rate counts to the last answer, so a stall at the end lowers it; only sanity-check it.
  assert.ok(r.sent === 3_000 && r.achievedRate > 500, `sent ${r.sent}, rate ${r.achievedRate}`);
  console.log(`open loop (spin ${spinUs} µs): rate ${r.achievedRate}/s, latency p50 ${r.latency.p50Us} p99 ${r.latency.p99Us} µs, service p50 ${r.serviceLatency.p50Us} p99 ${r.serviceLatency.p99Us}, send lag p50 ${r.sendLag.p50Us} p99 ${r.sendLag.p99Us}`);
}

/** A server that stalls every request arriving in one 200 ms window: the corrected p99 must show it. */
async function checkCoordinatedOmission(): Promise<void> {
  const started = Date.now();
  const server = createServer((req, res) => {
    req.resume();
    const t = Date.now() - started;
    const delay = t > 1_000 && t < 1_200 ? 1_200 - t : 0;
    setTimeout(() => res.writeHead(202).end('{}'), delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const r = await openLoop({ origin: `http://127.0.0.1:${port}`, rate: 500, connections: 1, durationMs: 2_000, make: () => ({ path: '/' }) });
  server.close();
  assert.ok(r.latency.p99Us > 100_000, `corrected p99 ${r.latency.p99Us}`);
  console.log(`coordinated omission: a 200 ms stall shows in the corrected p90 ${r.latency.p90Us} / p99 ${r.latency.p99Us} µs`);
}

async function checkClosedLoop(): Promise<void> {
  const baseline = await startBaseline(pinning.serverCore);
  const r = await closedLoop({ origin: baseline.origin, workers: 32, durationMs: 2_000, make: () => ({ path: '/x', body: jsonOfSize(1_024, {}) }) });
  await baseline.stop();
  assert.equal(r.ok, r.completed);
  console.log(`closed loop, 32 workers against the baseline: ${r.achievedRate}/s, p99 ${r.latency.p99Us} µs`);
}

async function checkPushApp(): Promise<void> {
  const app = new PushApp();
  const origin = await app.listen();
  app.beginRun('t1');
  const send = async (tag: string): Promise<void> => {
    const res = await request(`${origin}/events`, { method: 'POST', body: timestampedBody(1_024, tag, 1, process.hrtime.bigint()) });
    await res.body.dump();
    assert.equal(res.statusCode, 204);
  };
  await send('t1');
  await send('other');
  assert.ok(await app.waitFor(1, 1_000));
  assert.equal(app.other, 1);
  assert.ok(app.latency.summary().p50Us > 0);
  await app.close();
  const batch = JSON.parse(batchFactory(3, 64, 'run')(7)) as { id: string }[];
  assert.deepEqual(batch.map((e) => e.id), ['run-7-0', 'run-7-1', 'run-7-2']);
  console.log(`push app: one-way loopback ${app.latency.summary().p50Us} µs; batch ids ok`);
}

const pinning = setUpPinning(process.env);
console.log(`pinning: ${pinning.note}`);
checkHistogram();
await checkOpenLoop(0);
await checkOpenLoop(0);
await checkOpenLoop(1_500);
await checkCoordinatedOmission();
await checkClosedLoop();
await checkPushApp();
console.log('self-test passed');
