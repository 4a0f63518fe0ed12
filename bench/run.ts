/**
 * `npm run bench`: runs every scenario (or those in BENCH_ONLY), writes every run's figures to
 * bench/results/runs/<ISO time>.json (git-ignored; bench/results/ with BENCH_RECORD=1) and
 * prints a Markdown table of medians against the targets.
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=a,b, BENCH_RUNS=N (default 3),
 * BENCH_RECORD=1 (write to bench/results/, the committed records; refused with BENCH_QUICK),
 * BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds> (before each scenario, wait up to
 * that long for other processes to use < 0.25 cores).
 * `npm run bench -- <broker>` runs one broker's comparison with its own client instead
 * (bench/run-<broker>.ts: redis, nats, rabbitmq).
 * `npm run bench -- --compare EARLIER.json` runs the bench, then prints each figure against that
 * earlier run and flags regressions beyond the measured noise (exit 1 if any);
 * `--compare EARLIER.json LATER.json` compares two results files without running anything.
 */
import { runBench } from './lib/runner.js';
import { batchScenario } from './scenarios/batch.js';
import { footprintScenario } from './scenarios/footprint.js';
import type { BenchContext, Scenario } from './scenarios/context.js';
import { latencyScenario } from './scenarios/latency.js';
import { pushScenario } from './scenarios/push.js';
import { startupScenario } from './scenarios/startup.js';
import { throughputScenario } from './scenarios/throughput.js';

const scenarios: Scenario[] = [startupScenario, footprintScenario, latencyScenario, throughputScenario, batchScenario, pushScenario];

const brokerRunners: Record<string, string> = { redis: './run-redis.js', nats: './run-nats.js', rabbitmq: './run-rabbitmq.js' };
const broker = process.argv[2];

if (broker === '--compare') {
  const [earlier, later, ...extra] = process.argv.slice(3);
  if (earlier === undefined || extra.length > 0) throw new Error('usage: npm run bench -- --compare EARLIER.json [LATER.json]');
  if (later !== undefined) await import('./tools/compare-results.js');
  else runBench<BenchContext>({ tag: 'bench', resultsPrefix: '', scenarios, compareWith: earlier, withContext: (base, run) => run(base) });
} else if (broker === undefined) runBench<BenchContext>({ tag: 'bench', resultsPrefix: '', scenarios, withContext: (base, run) => run(base) });
else if (brokerRunners[broker] !== undefined) await import(brokerRunners[broker]);
else throw new Error(`unknown broker '${broker}': npm run bench -- <${Object.keys(brokerRunners).join('|')}>, or no argument for the embedded broker`);
