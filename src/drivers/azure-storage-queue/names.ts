/**
 * The service's rules for queue names, checked at config validation (descriptor.ts) and again by
 * the driver, so a bad name is reported before any request is made. The poison queue is the
 * queue's name with `-poison` (the Azure Functions convention), so it must fit the rules too.
 */
export const POISON_SUFFIX = '-poison';

const MAX_LENGTH = 63;

/** Why `name` cannot be a Storage queue (with its poison queue), or undefined when it can. */
export function queueNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > MAX_LENGTH) return `must be 3 to ${MAX_LENGTH} characters long (got ${name.length})`;
  if (!/^[a-z0-9-]+$/.test(name)) return 'may hold only lower-case letters, digits and dashes';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must start and end with a letter or digit';
  if (name.includes('--')) return 'must not hold two dashes in a row';
  if (name.length + POISON_SUFFIX.length > MAX_LENGTH) {
    return `must be at most ${MAX_LENGTH - POISON_SUFFIX.length} characters long, so that its poison queue '<name>${POISON_SUFFIX}' fits the service's ${MAX_LENGTH}`;
  }
  return undefined;
}

export function poisonQueueOf(queue: string): string {
  return `${queue}${POISON_SUFFIX}`;
}
