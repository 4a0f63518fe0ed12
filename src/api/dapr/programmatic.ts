/**
 * Dapr's programmatic subscriptions: the app lists them at GET /dapr/subscribe, asked at
 * start-up and again until the app answers (it often starts after its sidecar). Each entry
 * becomes an Outrigger topic subscription named `dapr.<pubsub>.<topic>`, pushed by DaprExchange.
 */
import type { DaprConfig } from '../../config/types.js';
import { compileMatch, UnsupportedMatch } from './match.js';
import type { DaprRoutes, DaprSubscriptionPlan } from './delivery.js';
import type { DaprSubscriptionInfo } from './context.js';

export interface DaprEntryLimits {
  maxDeliveries: number;
  timeoutMs: number;
}

export type PlannedEntry = { ok: true; plan: DaprSubscriptionPlan; info: DaprSubscriptionInfo } | { ok: false; problem: string };

/** Dapr's defaults for a bulk subscription that does not say. */
const bulkDefaults = { maxMessagesCount: 100, maxAwaitDurationMs: 1_000 };
/** The most entries one bulk delivery carries here: the pump holds that many in flight to fill it. */
export const maxBulkEntries = 1_000;

/**
 * Reads the app's list (or the declarative resources' specs, which have the same fields); an
 * entry that cannot be honoured is a problem naming it, not a guess.
 */
export function planSubscriptions(list: unknown, dapr: DaprConfig, limits: DaprEntryLimits, type: DaprSubscriptionInfo['type'] = 'PROGRAMMATIC'): PlannedEntry[] {
  if (!Array.isArray(list)) return [{ ok: false, problem: 'GET /dapr/subscribe did not answer a JSON array' }];
  return list.map((entry, index) => {
    try {
      return planEntry(entry, dapr, limits, type);
    } catch (err) {
      if (err instanceof UnsupportedMatch || err instanceof EntryProblem) return { ok: false, problem: `subscription ${index}: ${err.message}` };
      throw err;
    }
  });
}

class EntryProblem extends Error {}

function planEntry(entry: unknown, dapr: DaprConfig, limits: DaprEntryLimits, type: DaprSubscriptionInfo['type']): PlannedEntry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new EntryProblem('is not an object');
  const { pubsubname, topic, route, routes, deadLetterTopic, metadata, bulkSubscribe } = entry as Record<string, unknown>;
  if (typeof pubsubname !== 'string' || typeof topic !== 'string') throw new EntryProblem('needs pubsubname and topic');
  if (dapr.pubsubs[pubsubname] === undefined) {
    throw new EntryProblem(`pubsub '${pubsubname}' (topic '${topic}') is not configured; add it under dapr.pubsubs`);
  }
  const bulk = isRecord(bulkSubscribe) && bulkSubscribe.enabled === true ? planBulk(topic, bulkSubscribe) : undefined;
  if (deadLetterTopic !== undefined && deadLetterTopic !== null && typeof deadLetterTopic !== 'string') throw new EntryProblem('deadLetterTopic must be a string');
  const plannedRoutes = planRoutes(topic, route, routes);
  const name = `dapr.${pubsubname}.${topic}`;
  const plan: DaprSubscriptionPlan = { name, pubsub: pubsubname, topic, routes: plannedRoutes.routes, ...limits };
  if (typeof deadLetterTopic === 'string' && deadLetterTopic !== '') plan.deadLetterTopic = deadLetterTopic;
  if (bulk !== undefined) plan.bulk = bulk;
  const info: DaprSubscriptionInfo = {
    pubsubname,
    topic,
    deadLetterTopic: plan.deadLetterTopic ?? '',
    metadata: isRecord(metadata) ? Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, String(value)])) : {},
    rules: plannedRoutes.rules,
    type,
  };
  return { ok: true, plan, info };
}

function planBulk(topic: string, bulk: Record<string, unknown>): { maxMessagesCount: number; maxAwaitDurationMs: number } {
  const count = positive(bulk.maxMessagesCount, bulkDefaults.maxMessagesCount);
  if (count > maxBulkEntries) throw new EntryProblem(`topic '${topic}': bulkSubscribe.maxMessagesCount is ${count}; at most ${maxBulkEntries} here`);
  return { maxMessagesCount: count, maxAwaitDurationMs: positive(bulk.maxAwaitDurationMs, bulkDefaults.maxAwaitDurationMs) };
}

/** Dapr reads 0 or an absent number as "use the default". */
function positive(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === 0 || value === '0') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new EntryProblem(`bulkSubscribe settings are whole positive numbers, got '${String(value)}'`);
  return number;
}

function planRoutes(topic: string, route: unknown, routes: unknown): { routes: DaprRoutes; rules: Array<{ match: string; path: string }> } {
  if (isRecord(routes)) {
    const rules = Array.isArray(routes.rules) ? routes.rules : [];
    const planned: DaprRoutes = { rules: [] };
    const listed: Array<{ match: string; path: string }> = [];
    for (const rule of rules) {
      if (!isRecord(rule) || typeof rule.path !== 'string' || typeof rule.match !== 'string') throw new EntryProblem(`topic '${topic}': a rule needs match and path`);
      planned.rules.push({ matches: compileMatch(rule.match), path: routePath(rule.path) });
      listed.push({ match: rule.match, path: routePath(rule.path) });
    }
    if (typeof routes.default === 'string' && routes.default !== '') {
      planned.fallback = routePath(routes.default);
      listed.push({ match: '', path: planned.fallback });
    }
    return { routes: planned, rules: listed };
  }
  if (typeof route === 'string' && route !== '') return { routes: { rules: [], fallback: routePath(route) }, rules: [{ match: '', path: routePath(route) }] };
  throw new EntryProblem(`topic '${topic}' has neither route nor routes`);
}

/** Dapr accepts routes with or without the leading slash. */
function routePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

