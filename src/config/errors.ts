/**
 * A configuration that cannot be used. It carries every problem found, not just the first,
 * so one edit-and-restart cycle fixes them all.
 */

export interface ConfigProblem {
  /** Where in the file, e.g. `subscriptions[2].from.queue`; the file itself for syntax errors. */
  path: string;
  /** What is wrong and, where we can tell, what to write instead. */
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  /** The file read, or null in zero-config mode. */
  readonly source: string | null;

  constructor(problems: readonly ConfigProblem[], source: string | null) {
    super(describe(problems, source));
    this.name = 'ConfigError';
    this.problems = problems.map((problem) => ({ ...problem }));
    this.source = source;
  }
}

function describe(problems: readonly ConfigProblem[], source: string | null): string {
  const where = source === null ? 'configuration' : `configuration ${source}`;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`Invalid ${where} (${count}):`, ...problems.map(formatProblem)].join('\n');
}

export function formatProblem(problem: ConfigProblem): string {
  return problem.path === '' ? `  ${problem.message}` : `  ${problem.path}: ${problem.message}`;
}
