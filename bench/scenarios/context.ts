/** What every scenario gets from the runner. */
import type { Pinning } from '../lib/pinning.js';
import type { PushApp } from '../lib/push-app.js';
import type { ScenarioReport } from '../lib/report.js';
import type { Settings } from '../lib/settings.js';

export interface BenchContext {
  settings: Settings;
  pinning: Pinning;
  /** The app receiving pushes (in this process). */
  app: PushApp;
  appOrigin: string;
  /** The daemon entry point every scenario runs (a private snapshot of the build). */
  daemonMain: string;
  log(message: string): void;
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<ScenarioReport>;
}

/**
 * The config every load scenario runs the daemon with. BENCH_DURABILITY=os runs the embedded
 * broker without its WAL fsync, to show what the fsync adds to a figure (never for a record).
 */
export function benchConfig(appOrigin: string, durability = process.env.BENCH_DURABILITY): string {
  return `# written by bench/scenarios/context.ts
app: { id: bench, url: ${appOrigin} }
brokers: { local: { driver: embedded${durability === undefined ? '' : `, durability: ${durability}`} } }
topics:
  orders: {}   # one push subscription to the bench app
  audit: {}    # no subscription: each publish commits a transaction, but no event is stored
  ledger: {}   # one slow subscriber: every event is written to its inbox and stays there
queues:
  jobs: {}     # pull-only: nothing consumes it, so every command stays on disk
subscriptions:
  - { name: push, from: { topic: orders }, deliver: /events, concurrency: 64 }
  - { name: slow, from: { topic: ledger }, deliver: /slow, concurrency: 1 }
`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
