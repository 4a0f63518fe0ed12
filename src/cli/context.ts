/** What a verb runs with: its arguments and the process's streams, passed in so tests and main agree. */
import type { Stdin } from './event-input.js';
import type { Streams } from './output.js';

export interface VerbContext {
  args: string[];
  streams: Streams;
  stdin: Stdin;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT / SIGTERM: following verbs stop cleanly. */
  signal: AbortSignal;
}

export type Verb = (context: VerbContext) => Promise<number>;
