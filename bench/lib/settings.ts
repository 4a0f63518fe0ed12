/** Benchmark options from the environment (BENCH_QUICK, BENCH_ONLY, BENCH_RUNS, BENCH_WAIT_QUIET; BENCH_PIN is read by pinning.ts). */

export interface Settings {
  quick: boolean;
  /** Scenario names to run; null: all. */
  only: Set<string> | null;
  /** Repetitions of each scenario (medians are taken over them). */
  runs: number;
  /** Measured duration of one load run. */
  durationMs: number;
  /** Unmeasured load before the first run against a fresh server. */
  warmupMs: number;
  /** Daemon starts in the start-up scenario. */
  starts: number;
  /** Before each scenario, wait up to this long for the machine to be quiet; 0: don't. */
  waitQuietMs: number;
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const quick = env.BENCH_QUICK === '1';
  const runs = Number(env.BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_RUNS must be a positive integer, got '${env.BENCH_RUNS}'`);
  const waitQuietSeconds = Number(env.BENCH_WAIT_QUIET ?? 0);
  if (!Number.isFinite(waitQuietSeconds) || waitQuietSeconds < 0) throw new Error(`BENCH_WAIT_QUIET must be a number of seconds, got '${env.BENCH_WAIT_QUIET}'`);
  const only = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean)) : null;
  return {
    quick,
    only,
    runs,
    durationMs: quick ? 2_000 : 10_000,
    warmupMs: quick ? 500 : 2_000,
    starts: quick ? 3 : 5,
    waitQuietMs: waitQuietSeconds * 1_000,
  };
}
