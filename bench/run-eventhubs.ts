/**
 * The Event Hubs benchmark (issue 6): append throughput and end-to-end push latency through
 * Outrigger vs the @azure/event-hubs SDK directly, against the same AMQP test broker
 * (test/infra/eventhubs-broker, in a child process) with Azurite blob for checkpoints, in one run.
 * A third entry point beside run.ts and run-api.ts, with the same harness and conventions: every
 * run's figures go to bench/results/runs/eventhubs-<ISO time>.json (git-ignored; bench/results/
 * with BENCH_RECORD=1) and a Markdown table of medians is printed.
 *   npm run build && node dist/bench/run-eventhubs.js
 * Env: BENCH_QUICK=1 (short runs, smoke test), BENCH_ONLY=eh-append,eh-push (or eh-rounds, a
 * diagnostic of the appender's rounds without HTTP, only when named), BENCH_RUNS=N
 * (default 3), BENCH_PIN=0 (no taskset pinning), BENCH_WAIT_QUIET=<seconds>, BENCH_EH_NODELAY=1 (a
 * diagnostic: the daemon runs with TCP_NODELAY on every socket; see bench/tools/tcp-nodelay-preload.ts),
 * BENCH_EH_PROFILE_DIR=<dir> (a diagnostic: the daemon runs with --cpu-prof into that directory).
 */
import { runBench } from './lib/runner.js';
import { startEventHubsEnv } from './lib/eventhubs-env.js';
import { eventHubsAppendScenario } from './scenarios/eventhubs-append.js';
import { hubs, type EventHubsContext } from './scenarios/eventhubs-common.js';
import { eventHubsPushScenario } from './scenarios/eventhubs-push.js';
import { eventHubsRoundsScenario } from './scenarios/eventhubs-rounds.js';

// eh-rounds is a diagnostic: it runs only when BENCH_ONLY names it.
const diagnostic = process.env.BENCH_ONLY?.split(',').some((name) => name.trim() === 'eh-rounds') === true;
const scenarios = [eventHubsAppendScenario, eventHubsPushScenario, ...(diagnostic ? [eventHubsRoundsScenario] : [])];

const tcpNoDelayPreload = process.env.BENCH_EH_NODELAY === '1';

runBench<EventHubsContext>({
  tag: 'bench-eh',
  resultsPrefix: 'eventhubs-',
  scenarios,
  pinningRemark: 'the test broker and Azurite run unpinned in child processes',
  extraSettings: { tcpNoDelayPreload },
  notes: tcpNoDelayPreload ? ['BENCH_EH_NODELAY: daemon with TCP_NODELAY preload (diagnostic).'] : [],
  withContext: async (base, run) => {
    const env = await startEventHubsEnv(hubs);
    try {
      return await run({ ...base, env });
    } finally {
      await env.stop();
    }
  },
});
