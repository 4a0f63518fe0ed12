/**
 * The tracing benchmark (issue 19): the cost of tracing on (100 % and 1 % sampled) against off,
 * for query and publish at 1,000 req/s (scenarios/tracing-cost.ts). Same harness and
 * conventions as run-api.ts; figures go to bench/results/runs/tracing-<ISO time>.json
 * (bench/results/ with BENCH_RECORD=1).
 *   npm run build && flock /work/bench.lock npx node dist/bench/run-tracing.js
 * Env: BENCH_QUICK=1, BENCH_RUNS=N (default 3), BENCH_PIN=0, as for the other runners.
 */
import { runBench } from './lib/runner.js';
import type { ApiContext } from './lib/grpc-harness.js';
import { tracingCostScenario } from './scenarios/tracing-cost.js';

runBench<ApiContext>({
  tag: 'bench-tracing',
  resultsPrefix: 'tracing-',
  scenarios: [tracingCostScenario],
  withContext: (base, run) => run({ ...base, profile: false }),
});
