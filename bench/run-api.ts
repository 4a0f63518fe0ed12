/**
 * The API benchmarks: query (issue 3) and gRPC (issue 4). A second entry point beside run.ts,
 * with the same harness and conventions: writes every run's figures to
 * bench/results/runs/api-<ISO time>.json (git-ignored; bench/results/ with BENCH_RECORD=1) and
 * prints a Markdown table of medians against the targets.
 *   npm run build && npx node dist/bench/run-api.js
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=a,b (scenario names below),
 * BENCH_RUNS=N (default 3), BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds>,
 * BENCH_PROFILE=1 (run the daemon with --cpu-prof and print/store the top self-time functions;
 * the profiler costs time, so such runs are for finding where time goes, not for the record),
 * BENCH_KEEP_PROFILE=1 (keep the .cpuprofile files), BENCH_PRELOAD=grpc|http (stream pre-load),
 * BENCH_QUERY_RATE=<req/s> (query-latency at another rate, as a diagnostic; targets apply at 1,000).
 */
import { runBench } from './lib/runner.js';
import type { ApiContext, ApiScenario } from './lib/grpc-harness.js';
import { nginxBinary } from './lib/nginx.js';
import { grpcConsumeScenario } from './scenarios/grpc-consume.js';
import { grpcPublishScenario } from './scenarios/grpc-publish.js';
import { grpcReadStreamScenario } from './scenarios/grpc-readstream.js';
import { queryLatencyScenario } from './scenarios/query-latency.js';
import { queryNodeFloorScenario } from './scenarios/query-node-floor.js';
import { queryThroughputScenario } from './scenarios/query-throughput.js';

const scenarios: ApiScenario[] = [queryLatencyScenario, queryThroughputScenario, queryNodeFloorScenario, grpcPublishScenario, grpcConsumeScenario, grpcReadStreamScenario];

const profile = process.env.BENCH_PROFILE === '1';

runBench<ApiContext>({
  tag: 'bench-api',
  resultsPrefix: 'api-',
  scenarios,
  pinningRemark: `nginx: ${nginxBinary() ?? 'not installed'}${profile ? '; PROFILING (figures not for the record)' : ''}`,
  extraSettings: { profile },
  notes: profile ? ['BENCH_PROFILE: the daemon ran under --cpu-prof; figures are not for the record.'] : [],
  withContext: (base, run) => run({ ...base, profile }),
});
