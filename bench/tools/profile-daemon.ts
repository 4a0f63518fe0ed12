/**
 * Where the daemon's time goes: starts it with --cpu-prof (pinned like the bench), drives one
 * load against it, stops it, and prints the top self-time functions. Usage:
 *   node dist/bench/tools/profile-daemon.js <publish|publish-nosub|publish-sub|command|batch|push> [seconds=10]
 * All but push are closed loop (32 clients; batch: 4 clients x 1000 events) to the topics of the
 * bench config (publish: the stored one), or open loop with a rate suffix (`command@1000`); push
 * is open loop at 1,000 msg/s to the topic with the push subscription.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedLoop } from '../lib/closed-loop.js';
import { summariseProfile } from '../lib/cpu-profile.js';
import { startDaemon } from '../lib/daemon.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { batchFactory, jsonOfSize, timestampedBody } from '../lib/payloads.js';
import { setUpPinning } from '../lib/pinning.js';
import { PushApp } from '../lib/push-app.js';
import { benchConfig } from '../scenarios/context.js';

const [spec = 'publish', seconds = '10'] = process.argv.slice(2);
const [kind, rateText] = spec.split('@') as [string, string | undefined];
const durationMs = Number(seconds) * 1_000;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated' }));
const json = { 'content-type': 'application/json' };

function drive(origin: string): Promise<LoadResult> {
  const closed = (path: string): Promise<LoadResult> =>
    rateText === undefined
      ? closedLoop({ origin, workers: 32, durationMs, make: () => ({ path, headers: json, body }) })
      : openLoop({ origin, rate: Number(rateText), connections: 16, durationMs, make: () => ({ path, headers: json, body }) });
  switch (kind) {
    case 'publish':
      return closed('/v1/publish/ledger');
    case 'publish-nosub':
      return closed('/v1/publish/audit');
    case 'publish-sub':
      return closed('/v1/publish/orders');
    case 'command':
      return closed('/v1/command/jobs');
    case 'batch': {
      const batch = batchFactory(1_000, 256, 'prof');
      return closedLoop({ origin, workers: 4, durationMs, make: (i) => ({ path: '/v1/publish/ledger/batch', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: batch(i) }) });
    }
    case 'push':
      return openLoop({ origin, rate: 1_000, connections: 16, durationMs, make: (i, t) => ({ path: '/v1/publish/orders', headers: json, body: timestampedBody(1_024, 'prof', i, t) }) });
    default:
      throw new Error(`unknown load '${kind}' (publish, publish-nosub, publish-sub, command, batch, push)`);
  }
}

const pinning = setUpPinning(process.env);
const app = new PushApp();
app.beginRun('prof');
const appOrigin = await app.listen();
const profDir = mkdtempSync(join(tmpdir(), 'outrigger-prof-'));
const sqliteTiming = process.env.BENCH_SQLITE_TIMING === '1';
const preload = fileURLToPath(new URL('./sqlite-timing-preload.js', import.meta.url));
const nodeArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...(sqliteTiming ? ['--import', preload] : [])];
const { daemon } = await startDaemon({ configYaml: benchConfig(appOrigin), core: pinning.serverCore, nodeArgs });
const result = await drive(daemon.origin);
await app.waitQuiet(500, 10_000);
await daemon.stop();
await app.close();
if (sqliteTiming) console.log(daemon.recentOutput().slice(daemon.recentOutput().indexOf('sqlite timing')));
console.log(`${spec}: ${result.achievedRate}/s, p50 ${result.latency.p50Us} µs, p99 ${result.latency.p99Us} µs, outcomes ${JSON.stringify(result.outcomes)}; pushes received ${app.total} (tagged p99 ${app.latency.summary().p99Us} µs)`);
const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no profile written in ${profDir} (did the daemon exit cleanly?)`);
console.log(summariseProfile(join(profDir, file), 30, ['run', 'get', 'all', 'DOMException']));
console.log(`\nprofile kept: ${join(profDir, file)}`);
