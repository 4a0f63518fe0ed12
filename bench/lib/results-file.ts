/** What every bench runner does around its scenarios: running them, the git HEAD, medians, the results file, exit codes. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForQuiet, watchNoise } from './noise.js';
import { metricMedian, verdict, type ScenarioReport } from './report.js';
import type { Settings } from './settings.js';

export function gitHead(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function withMedians(report: ScenarioReport): unknown {
  return { ...report, metrics: report.metrics.map((m) => ({ ...m, median: metricMedian(m), verdict: verdict(m) })) };
}

/** <dir>/<prefix><ISO time>.json (dir: paths.ts resultsDir), written whole or not at all. */
export function writeResults(dir: string, prefix: string, startedAt: Date, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}${startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Runs a runner's main and exits with its code (1 on a crash). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

export interface RunnableScenario<C> {
  name: string;
  description: string;
  run(ctx: C): Promise<ScenarioReport>;
}

/**
 * Runs the selected scenarios in order, each after an optional wait for a quiet machine, with
 * the other processes' CPU recorded beside it; a scenario that fails is reported, not fatal.
 */
export async function runScenarioList<C extends { settings: Settings }>(scenarios: readonly RunnableScenario<C>[], ctx: C, log: (message: string) => void): Promise<ScenarioReport[]> {
  const { settings } = ctx;
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    if (settings.only !== null && !settings.only.has(scenario.name)) continue;
    if (settings.waitQuietMs > 0) await waitForQuiet(settings.waitQuietMs, 0.25, log);
    log(`scenario ${scenario.name}: ${scenario.description}`);
    const noise = watchNoise();
    try {
      reports.push({ ...(await scenario.run(ctx)), noise: noise() });
    } catch (err) {
      log(`scenario ${scenario.name} failed: ${(err as Error).stack ?? String(err)}`);
      reports.push({ name: scenario.name, description: scenario.description, metrics: [], raw: [], error: (err as Error).message, noise: noise() });
    }
    log(`scenario ${scenario.name} done; other processes used ${reports.at(-1)?.noise?.foreignCores ?? '?'} cores on average`);
  }
  return reports;
}
