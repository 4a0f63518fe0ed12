/**
 * Each CLI verb against the real built daemon (embedded broker, free ports, an API token), run
 * as a child process the way people run it: exit codes, JSON lines on a pipe, errors as
 * `code: detail` from the sidecar's problem documents.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { tempDir } from '../infra/helpers/temp-dir.js';
import { entry, jsonLines, runCli, type CliOptions } from './support.js';

const token = 'cli-test-token';
let daemon: RunningDaemon;
let app: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  app = await startApp();
  daemon = await startDaemon({
    env: { OUTRIGGER_API_TOKEN: token },
    config: {
      app: { id: 'cli-test', url: app.url },
      queues: { jobs: { maxDeliveries: 3 } },
      topics: { orders: {} },
      streams: { telemetry: { partitions: 2 } },
      subscriptions: [{ name: 'order-created', from: { topic: 'orders', filter: { type: 'OrderCreated' } }, deliver: '/events' }],
    },
  });
  env = { OUTRIGGER_HTTP_ADDR: daemon.url.replace('http://', ''), OUTRIGGER_API_TOKEN: token, OUTRIGGER_CONFIG: '' };
}, 30_000);

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
});

const cli = (args: string[], options: CliOptions = {}) => runCli(args, { ...options, env: { ...env, ...options.env } });

describe('cli - publish, send, append', () => {
  it('cli - publish sends the data with CloudEvents attributes from flags; the subscriber gets them', async () => {
    const run = await cli(['publish', 'orders', '{"order":42}', '--type', 'OrderCreated', '--subject', 'order/42', '--ext', 'tenant=acme']);
    expect(run.code, run.stderr).toBe(0);
    const [{ id }] = jsonLines(run.stdout) as [{ id: string }];
    await app.waitFor((received) => received.some((r) => r.headers['ce-id'] === id));
    const delivery = app.received.find((r) => r.headers['ce-id'] === id)!;
    expect(delivery.headers).toMatchObject({ 'ce-type': 'OrderCreated', 'ce-subject': 'order/42', 'ce-tenant': 'acme', 'content-type': 'application/json' });
    expect(JSON.parse(delivery.body)).toEqual({ order: 42 });
  });

  it('cli - send takes data from @file and from stdin', async () => {
    const file = join(tempDir('cli'), 'job.json');
    writeFileSync(file, '{"from":"file"}');
    const fromFile = await cli(['send', 'jobs', `@${file}`, '--idempotency-key', 'k-1']);
    const fromStdin = await cli(['send', 'jobs', '--type', 'Piped'], { input: 'plain text from stdin' });
    expect([fromFile.code, fromStdin.code]).toEqual([0, 0]);
    const received = await cli(['receive', 'jobs', '--max', '10', '--wait', '2s', '--ack']);
    expect(received.code, received.stderr).toBe(0);
    const messages = jsonLines(received.stdout);
    expect(messages.map((m) => m['data'])).toEqual([{ from: 'file' }, 'plain text from stdin']);
    expect(messages.map((m) => m['settled'])).toEqual(['ack', 'ack']);
    expect((messages[1]!['headers'] as Record<string, string>)['ce-type']).toBe('Piped');
    const repeat = await cli(['send', 'jobs', `@${file}`, '--idempotency-key', 'k-1']);
    expect(jsonLines(repeat.stdout)[0]).toMatchObject({ id: jsonLines(fromFile.stdout)[0]!['id'], duplicate: true });
  });

  it('cli - append puts a partition key\'s events on one partition; tail --no-follow replays them', async () => {
    for (const n of [1, 2, 3]) expect((await cli(['append', 'telemetry', JSON.stringify({ n }), '--partition-key', 'device-7'])).code).toBe(0);
    const run = await cli(['tail', 'telemetry', '--no-follow']);
    expect(run.code, run.stderr).toBe(0);
    const events = jsonLines(run.stdout);
    expect(events.map((e) => e['data'])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(new Set(events.map((e) => e['partition'])).size).toBe(1);
    const limited = await cli(['tail', 'telemetry', '--no-follow', '--from', '1', '--limit', '1']);
    expect(jsonLines(limited.stdout).map((e) => e['offset'])).toEqual([1]);
  });

  it('cli - tail follows new events until interrupted, then exits 0', async () => {
    const tailing = cli(['tail', 'telemetry', '--from', 'latest'], { interruptAfterMs: 2_500 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await cli(['append', 'telemetry', '{"live":true}']);
    const run = await tailing;
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout).map((e) => e['data'])).toEqual([{ live: true }]);
  });
});

describe('cli - a reader that stops early', () => {
  it('cli - tail into a pipe closed early (| head -1) ends quietly with exit 0', async () => {
    const child = spawn(process.execPath, [entry, 'tail', 'telemetry'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const exited = once(child, 'exit');
    // The next event is written into the closed pipe.
    for (let i = 0; i < 20 && child.exitCode === null; i++) await cli(['append', 'telemetry', JSON.stringify({ i })]);
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/Unhandled|EPIPE|\n\s+at /);
  });
});

describe('cli - receive, settle and dead letters', () => {
  it('cli - a received message stays leased; ack and nack settle it by its lease', async () => {
    await cli(['send', 'jobs', '"lease me"']);
    const first = jsonLines((await cli(['receive', 'jobs', '--wait', '2s'])).stdout)[0]!;
    expect(first['data']).toBe('lease me');
    const nack = await cli(['nack', 'jobs', String(first['lease'])]);
    expect(nack.code, nack.stderr).toBe(0);
    const again = jsonLines((await cli(['receive', 'jobs', '--wait', '2s'])).stdout)[0]!;
    expect(again).toMatchObject({ id: first['id'], attempt: 2 });
    expect((await cli(['ack', 'jobs', String(again['lease'])])).code).toBe(0);
    const stale = await cli(['ack', 'jobs', String(again['lease'])]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/lease_expired/);
  });

  it('cli - receive --dead-letter, deadletter list, tail of the queue\'s dead letters, redrive', async () => {
    const sent = jsonLines((await cli(['send', 'jobs', '"poison"'])).stdout)[0]!['id'];
    const dead = await cli(['receive', 'jobs', '--wait', '2s', '--dead-letter', '--reason', 'bad input']);
    expect(jsonLines(dead.stdout)[0]).toMatchObject({ id: sent, settled: 'dead-letter' });
    const list = await cli(['deadletter', 'list', 'jobs']);
    expect(list.code).toBe(0);
    expect(jsonLines(list.stdout)).toEqual([expect.objectContaining({ id: sent, reason: expect.stringContaining('bad input') })]);
    const tail = await cli(['tail', 'jobs', '--no-follow']);
    expect(jsonLines(tail.stdout).map((l) => l['id'])).toEqual([sent]);
    const redrive = await cli(['deadletter', 'redrive', 'jobs']);
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(jsonLines(redrive.stdout)).toEqual([{ redriven: 1 }]);
    const back = await cli(['receive', 'jobs', '--wait', '2s', '--ack']);
    expect(jsonLines(back.stdout)[0]).toMatchObject({ id: sent });
    expect(jsonLines((await cli(['deadletter', 'list', 'jobs'])).stdout)).toEqual([]);
  });
});

describe('cli - meta, version, validate, schema', () => {
  it('cli - meta shows the app, its broker and the subscription', async () => {
    const run = await cli(['meta']);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)[0]).toMatchObject({ appId: 'cli-test', brokers: [{ name: 'local', connected: true }], subscriptions: [{ name: 'order-created' }] });
  });

  it('cli - version and --version print the package version', async () => {
    const plain = await cli(['--version']);
    expect(plain.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(jsonLines((await cli(['version', '--json'])).stdout)[0]).toEqual({ version: plain.stdout.trim(), node: expect.stringMatching(/^v24\./) });
  });

  it('cli - validate exits 0 for a good file, 1 with every problem for a bad one; schema prints JSON Schema', async () => {
    const dir = tempDir('cli');
    writeFileSync(join(dir, 'good.yaml'), 'queues:\n  jobs: {}\n');
    writeFileSync(join(dir, 'bad.yaml'), 'queues:\n  jobs: { maxDeliveries: 0 }\nsubscriptions:\n  - name: s\n    from: { queue: nope }\n');
    expect((await cli(['validate', join(dir, 'good.yaml')])).code).toBe(0);
    const bad = await cli(['validate', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/2 problems/);
    expect(jsonLines(bad.stdout)[0]).toMatchObject({ valid: false, problems: [expect.anything(), expect.anything()] });
    const schema = await cli(['schema']);
    expect(JSON.parse(schema.stdout)).toHaveProperty('properties.queues');
  });
});

describe('cli - where the sidecar is, and when it is not there', () => {
  it('cli - reads the address and token from the config file, without needing broker secrets', async () => {
    const file = join(tempDir('cli'), 'outrigger.yaml');
    writeFileSync(file, `server:\n  httpAddr: "${daemon.url.replace('http://', '')}"\n  apiToken: "\${CLI_TOKEN}"\nbrokers:\n  bus: { driver: azure-servicebus, connectionString: "\${NOT_SET_HERE}" }\n`);
    const run = await runCli(['meta', '--config', file], { env: { CLI_TOKEN: token, OUTRIGGER_HTTP_ADDR: undefined, OUTRIGGER_API_TOKEN: undefined, OUTRIGGER_CONFIG: undefined } });
    expect(run.code, run.stderr).toBe(0);
  });

  it('cli - a wrong token is the sidecar\'s answer: exit 1 with code and detail', async () => {
    const run = await cli(['meta'], { env: { OUTRIGGER_API_TOKEN: 'wrong' } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr.trim())).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('cli - an unknown resource is exit 1 with the problem\'s code', async () => {
    const run = await cli(['send', 'no-such-queue', 'x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown_resource/);
  });

  it('cli - nothing listening is exit 3, in one line', async () => {
    const run = await cli(['publish', 'orders', 'x'], { env: { OUTRIGGER_HTTP_ADDR: `127.0.0.1:${await freePort()}` } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot reach the sidecar at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cli - usage errors', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['--bogus'], /Unknown option '--bogus'/],
    ['an unknown verb', ['pubish', 'orders'], /unknown verb 'pubish' \(did you mean publish\?\)/],
    ['a verb\'s unknown flag', ['publish', 'orders', '--colour'], /Unknown option '--colour'/],
    ['a missing argument', ['receive'], /missing <queue>/],
    ['a bad number', ['receive', 'jobs', '--max', 'lots'], /--max must be a whole number/],
    ['conflicting flags', ['receive', 'jobs', '--ack', '--nack'], /one of --ack, --nack, --dead-letter/],
    ['a bad duration', ['send', 'jobs', 'x', '--delay', 'soon'], /--delay must be a duration/],
    ['--dev with --config', ['run', '--dev', '--config', 'x.yaml'], /--dev runs without a config file/],
  ];
  for (const [what, args, message] of cases) {
    it(`cli - ${what} is exit 2: one line, then the usage, never a stack trace`, async () => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      const [first, , usage] = run.stderr.split('\n');
      expect(first).toMatch(message);
      expect(usage).toMatch(/^(outrigger |Outrigger:)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('cli - --help of each verb, and the overview naming variables, ports and the data directory', async () => {
    const overview = await cli(['--help']);
    expect(overview.code).toBe(0);
    for (const text of ['OUTRIGGER_HTTP_ADDR', 'OUTRIGGER_API_TOKEN', 'OUTRIGGER_DATA_DIR', '127.0.0.1:7700', '0.0.0.0:7702', 'outrigger-dev.db', 'Exit codes']) expect(overview.stdout).toContain(text);
    for (const verb of ['publish', 'send', 'receive', 'tail', 'deadletter', 'meta', 'inject', 'validate']) {
      const run = await cli([verb, '--help']);
      expect(run.code, verb).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^outrigger ${verb}`));
    }
  });
});
