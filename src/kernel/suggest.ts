/** "Did you mean" for names and keys: the closest known spelling, if it is close enough to be a typo. In the kernel so that config (keys) and the API (request fields) suggest alike. */

/** The candidate nearest to `input` by edit distance (case-insensitive), or undefined if none is plausibly meant. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    let distance = editDistance(needle, lower);
    // `warning` for `warn`, `sub` for `subscriptions`: one word cut short or run on.
    const [shorter, longer] = needle.length < lower.length ? [needle, lower] : [lower, needle];
    if (shorter.length >= 3 && longer.startsWith(shorter)) distance = Math.min(distance, 1);
    // A third of the length: catches dropped, doubled and swapped letters, not different words;
    // and in names of one or two letters, any other name is one edit away, so only case counts.
    const allowed = longer.length < 3 ? 0 : Math.max(1, Math.floor(longer.length / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `unknown queue 'shipmnts' (did you mean 'shipments'? known: shipments, invoices)` */
export function unknownName(kind: string, name: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown ${kind} '${name}' (none are configured)`;
  const guess = closest(name, known);
  const hint = guess === undefined ? '' : `did you mean '${guess}'? `;
  return `unknown ${kind} '${name}' (${hint}known: ${known.join(', ')})`;
}

/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions, so that
 * `form` is one edit from `from`, as a person would count it.
 */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
