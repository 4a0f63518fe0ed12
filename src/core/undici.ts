/**
 * undici, the HTTP client of pushes and query targets, loaded on first use: a sidecar with no
 * targets and no push subscriptions never loads it, and one that has them loads it with the
 * first request instead of at start, so it is off the start-up path and out of an idle pod.
 */
let loading: Promise<typeof import('undici')> | undefined;

export function undici(): Promise<typeof import('undici')> {
  return (loading ??= import('undici'));
}
