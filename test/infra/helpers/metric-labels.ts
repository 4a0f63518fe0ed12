/**
 * Label values a Prometheus scrape shows that the metric's own help text does not list. A help
 * that lists a label's values, as `... and outcome (ack, retry, dead_letter)`, is the documented
 * vocabulary; every series of that metric must use one of them.
 */
export function unlistedLabelValues(exposition: string, label = 'outcome'): string[] {
  const listed = new Map<string, Set<string>>();
  const listPattern = new RegExp(`\\b${label} \\(([a-z0-9_]+(?:, [a-z0-9_]+)+)\\)`);
  for (const line of exposition.split('\n')) {
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    const values = help === null ? null : listPattern.exec(help[2]!);
    if (help !== null && values !== null) listed.set(help[1]!, new Set(values[1]!.split(', ')));
  }
  const unlisted: string[] = [];
  const valuePattern = new RegExp(`[{,]${label}="([^"]*)"`);
  for (const line of exposition.split('\n')) {
    const series = /^([a-z_:][a-z0-9_:]*)\{/.exec(line);
    const known = series === null ? undefined : listed.get(series[1]!);
    const value = known === undefined ? null : valuePattern.exec(line);
    if (value !== null && !known!.has(value[1]!)) unlisted.push(`${series![1]} ${label}="${value[1]}"`);
  }
  return unlisted;
}

/** The metrics whose help lists the values of `label`. */
export function metricsListing(exposition: string, label = 'outcome'): string[] {
  const listPattern = new RegExp(`\\b${label} \\(([a-z0-9_]+(?:, [a-z0-9_]+)+)\\)`);
  return exposition
    .split('\n')
    .map((line) => /^# HELP (\S+) (.*)$/.exec(line))
    .filter((help): help is RegExpExecArray => help !== null && listPattern.test(help[2]!))
    .map((help) => help[1]!);
}
