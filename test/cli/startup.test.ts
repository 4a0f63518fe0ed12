/**
 * How `outrigger` starts: the Node version check before anything else loads, and the rules of
 * development mode (only without a config, never silently in production, its own data file).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postAccepted, startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { tempDir } from '../infra/helpers/temp-dir.js';
import { runCli } from './support.js';

/** A Node older than 24 on this machine (the `node` on PATH outside the project), if there is one. */
function oldNode(): string | undefined {
  const candidates = [...(process.env['PATH'] ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules')).map((dir) => join(dir, 'node')), '/usr/bin/node'];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (Number(version.slice(1).split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

const old = oldNode();

describe('start-up - the Node version', () => {
  it.skipIf(old === undefined)('cli - on an older Node, one message saying which Node and how to run it, exit 1, for every verb', async () => {
    for (const args of [['--help'], ['publish', 'orders', 'x'], []]) {
      const run = await runCli(args, { node: old! });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^outrigger needs Node\.js 24; this is Node v\d+/);
      expect(run.stderr).toContain('npx outrigger');
      expect(run.stderr).not.toMatch(/TypeError|\n\s+at /);
    }
  });
});

const daemons: RunningDaemon[] = [];
afterEach(async () => {
  while (daemons.length > 0) await daemons.pop()!.stop();
});

async function start(options: Parameters<typeof startDaemon>[0]): Promise<RunningDaemon> {
  const daemon = await startDaemon(options);
  daemons.push(daemon);
  return daemon;
}

describe('start-up - development mode', () => {
  it('dev - with NODE_ENV=production and no config, refuses to start and says what to do', async () => {
    await expect(startDaemon({ env: { NODE_ENV: 'production' } })).rejects.toThrow(/exited with 1[\s\S]*NODE_ENV=production[\s\S]*outrigger run --dev/);
  });

  it('dev - `outrigger run --dev` starts it anyway, in its own data file, named in the start-up log', async () => {
    const daemon = await start({ args: ['run', '--dev'], env: { NODE_ENV: 'production' } });
    const file = join(daemon.dataDir, 'outrigger-dev.db');
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(daemon.dataDir, 'outrigger.db'))).toBe(false);
    const line = daemon.output().split('\n').find((l) => l.includes('"dataFiles"'));
    expect(JSON.parse(line!)).toMatchObject({ development: true, dataFiles: [file] });
  });

  it('dev - a configured run in the same data directory never sees development data', async () => {
    const dataDir = tempDir('dev');
    const dev = await start({ dataDir });
    await postAccepted(dev, '/v1/command/jobs', { from: 'dev' });
    await dev.stop();
    daemons.pop();
    const configured = await start({ dataDir, config: { queues: { jobs: {} } } });
    expect(existsSync(join(dataDir, 'outrigger.db'))).toBe(true);
    const response = await fetch(`${configured.url}/v1/command/jobs/receive?max=10`, { method: 'POST' });
    expect(await response.json()).toEqual([]);
    expect(JSON.parse(configured.output().split('\n').find((l) => l.includes('"dataFiles"'))!)).toMatchObject({ development: false, dataFiles: [join(dataDir, 'outrigger.db')] });
  });
});
