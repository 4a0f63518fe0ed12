/**
 * Cross-references of the query side: resilience policies, the targets and subscriptions that
 * name them, request/reply targets and the `serve` subscriptions that answer them. Reads the
 * document defensively (raw.ts) like the other semantic checks, so every problem is reported.
 */
import { defaults } from './defaults.js';
import type { Path, ProblemList } from './problems.js';
import { entriesAt, isRecord, recordAt, stringAt } from './raw.js';
import { unknownName } from '../kernel/suggest.js';
import { parseDuration } from './units.js';

export function checkQuery(doc: Record<string, unknown>, problems: ProblemList): void {
  const policies = [...new Set([defaults.policyName, ...Object.keys(recordAt(doc['policies']))])];
  const queues = Object.keys(recordAt(doc['queues']));
  for (const [name, policy] of entriesAt(doc['policies'])) checkPolicy(policy, ['policies', name], problems);
  for (const [name, broker] of entriesAt(doc['brokers'])) checkPolicyName(broker['policy'], policies, ['brokers', name, 'policy'], problems);
  for (const [name, target] of entriesAt(doc['targets'])) {
    checkPolicyName(target['policy'], policies, ['targets', name, 'policy'], problems);
    const queue = stringAt(target['queue']);
    if (target['via'] === 'queue' && queue !== undefined && !queues.includes(queue)) {
      problems.add(['targets', name, 'queue'], unknownName('queue', queue, queues));
    }
  }
  const subscriptions = Array.isArray(doc['subscriptions']) ? (doc['subscriptions'] as unknown[]) : [];
  subscriptions.forEach((subscription, index) => {
    if (!isRecord(subscription)) return;
    checkPolicyName(subscription['policy'], policies, ['subscriptions', index, 'policy'], problems);
    const from = recordAt(subscription['from']);
    if (subscription['serve'] === true && from['queue'] === undefined && (from['topic'] !== undefined || from['stream'] !== undefined)) {
      problems.add(['subscriptions', index, 'serve'], 'requests come from a queue: serve: true needs from: { queue: <name> }');
    }
  });
}

function checkPolicyName(value: unknown, known: string[], path: Path, problems: ProblemList): void {
  const name = stringAt(value);
  if (name !== undefined && !known.includes(name)) problems.add(path, unknownName('policy', name, known));
}

function checkPolicy(policy: Record<string, unknown>, path: Path, problems: ProblemList): void {
  const retry = recordAt(policy['retry']);
  const breaker = recordAt(policy['circuitBreaker']);
  requirePositive(policy['timeout'], [...path, 'timeout'], problems);
  requirePositive(retry['initialBackoff'], [...path, 'retry', 'initialBackoff'], problems);
  requirePositive(retry['maxBackoff'], [...path, 'retry', 'maxBackoff'], problems);
  requirePositive(recordAt(retry['budget'])['window'], [...path, 'retry', 'budget', 'window'], problems);
  requirePositive(breaker['window'], [...path, 'circuitBreaker', 'window'], problems);
  requirePositive(breaker['halfOpenAfter'], [...path, 'circuitBreaker', 'halfOpenAfter'], problems);
  const initial = durationOrUndefined(retry['initialBackoff']) ?? defaults.policy.retry.initialBackoffMs;
  const max = durationOrUndefined(retry['maxBackoff']) ?? defaults.policy.retry.maxBackoffMs;
  if (initial > max) problems.add([...path, 'retry', 'initialBackoff'], `must not be longer than maxBackoff (${initial} ms > ${max} ms)`);
  if (breaker['failureRatio'] !== undefined && breaker['consecutiveFailures'] !== undefined) {
    problems.add([...path, 'circuitBreaker'], 'give consecutiveFailures or failureRatio (with minimumCalls and window), not both');
  }
  if (breaker['failureRatio'] === undefined) {
    for (const key of ['minimumCalls', 'window'] as const) {
      if (breaker[key] !== undefined) problems.add([...path, 'circuitBreaker', key], 'applies only with failureRatio; add failureRatio or remove it');
    }
  }
}

function requirePositive(value: unknown, path: Path, problems: ProblemList): void {
  if (durationOrUndefined(value) === 0) problems.add(path, 'must be longer than 0');
}

/** The value in ms, or undefined when absent or malformed (the schema has reported the latter). */
function durationOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}
