/**
 * Our subscription filters as Service Bus rules, over the subscription's `$management` link
 * (the SDK's ServiceBusRuleManager): add-rule, remove-rule, enumerate-rules.
 *
 * - No filter: the `$Default` rule with a TrueFilter (what Service Bus creates with a subscription).
 * - One CloudEvents type and no subject prefix: a correlation filter on the `ce-type` application
 *   property (the cheapest filter for Service Bus to evaluate).
 * - Otherwise a SQL filter, e.g. `[ce-type] IN ('A', 'B') AND [ce-subject] LIKE 'orders/eu/%' ESCAPE '!'`.
 *
 * The codec sends every header as an application property of the same name, so `ce-type` and
 * `ce-subject` are there for the rule to read. Rule names carry a hash of the filter
 * (`outrigger-<hash>`): a changed filter gets a new name, so managing rules adds the new rule before
 * removing the old ones. While both exist the subscription gets the union of the two filters
 * (possibly an unwanted message, never a lost one).
 */
import { createHash } from 'node:crypto';
import type { CorrelationRuleFilter, RuleProperties, ServiceBusClient, SqlRuleFilter } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';
import type { TopicFilter } from '../contract.js';
import { toServiceBusError } from './errors.js';

export const DEFAULT_RULE = '$Default';
const TYPE = 'ce-type';
const SUBJECT = 'ce-subject';

export interface WantedRule {
  name: string;
  filter: SqlRuleFilter | CorrelationRuleFilter;
}

/** A filter with an empty type list and an empty prefix lets everything through, as no filter does. */
export function normaliseFilter(filter: TopicFilter | undefined): TopicFilter {
  const types = filter?.types === undefined ? [] : [...new Set(filter.types)].sort();
  const subjectPrefix = filter?.subjectPrefix ?? '';
  return { ...(types.length > 0 ? { types } : {}), ...(subjectPrefix !== '' ? { subjectPrefix } : {}) };
}

/** The rule set a subscription must have for this filter. */
export function wantedRules(filter: TopicFilter | undefined): WantedRule[] {
  const { types, subjectPrefix } = normaliseFilter(filter);
  if (types === undefined && subjectPrefix === undefined) return [{ name: DEFAULT_RULE, filter: { sqlExpression: '1=1' } }];
  let ruleFilter: SqlRuleFilter | CorrelationRuleFilter;
  if (types?.length === 1 && subjectPrefix === undefined) ruleFilter = { applicationProperties: { [TYPE]: types[0] as string } };
  else {
    const parts: string[] = [];
    if (types !== undefined) parts.push(types.length === 1 ? `[${TYPE}] = ${literal(types[0] as string)}` : `[${TYPE}] IN (${types.map(literal).join(', ')})`);
    if (subjectPrefix !== undefined) parts.push(`[${SUBJECT}] LIKE ${literal(`${escapeLike(subjectPrefix)}%`)} ESCAPE '!'`);
    ruleFilter = { sqlExpression: parts.join(' AND ') };
  }
  const hash = createHash('sha256').update(JSON.stringify(ruleFilter)).digest('hex').slice(0, 12);
  return [{ name: `outrigger-${hash}`, filter: ruleFilter }];
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** `%` and `_` are LIKE wildcards; `!` is our escape character. */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

function sameFilter(actual: RuleProperties, wanted: WantedRule): boolean {
  if ((actual.action.sqlExpression ?? '') !== '') return false;
  const a = actual.filter as Partial<SqlRuleFilter & CorrelationRuleFilter>;
  const w = wanted.filter as Partial<SqlRuleFilter & CorrelationRuleFilter>;
  if (w.sqlExpression !== undefined) return a.sqlExpression === w.sqlExpression || (w.sqlExpression === '1=1' && a.sqlExpression?.replace(/\s/g, '') === '1=1');
  if (a.sqlExpression !== undefined) return false;
  for (const field of ['correlationId', 'messageId', 'to', 'replyTo', 'subject', 'sessionId', 'replyToSessionId', 'contentType'] as const) {
    if ((a[field] ?? undefined) !== undefined) return false;
  }
  const wantedProps = Object.entries(w.applicationProperties ?? {});
  const actualProps = a.applicationProperties ?? {};
  return Object.keys(actualProps).length === wantedProps.length && wantedProps.every(([name, value]) => String(actualProps[name]) === String(value));
}

/** True when the rules are exactly the wanted ones (by filter; names are not compared). */
export function rulesMatch(actual: RuleProperties[], wanted: WantedRule[]): boolean {
  return actual.length === wanted.length && wanted.every((rule) => actual.some((candidate) => sameFilter(candidate, rule)));
}

export function describeRules(rules: readonly (RuleProperties | WantedRule)[]): string {
  if (rules.length === 0) return 'no rules (nothing reaches the subscription)';
  return rules
    .map((rule) => {
      const filter = rule.filter as Partial<SqlRuleFilter & CorrelationRuleFilter>;
      const text = filter.sqlExpression !== undefined ? `SQL ${filter.sqlExpression}` : `correlation ${JSON.stringify({ ...filter, applicationProperties: filter.applicationProperties })}`;
      return `${rule.name}: ${text}`;
    })
    .join('; ');
}

export interface RuleTarget {
  broker: string;
  topic: string;
  subscription: string;
  /** With manageEntities the rules are made to match; without, a mismatch is an error. */
  manage: boolean;
}

/**
 * Makes the subscription's rules match the filter (manage) or checks that they do. Returns what
 * was done, for the caller's log. A mismatch without manageEntities is a `bad_request` naming the
 * subscription, the rules found and the rules wanted.
 */
export async function reconcileRules(client: ServiceBusClient, target: RuleTarget, filter: TopicFilter | undefined): Promise<'unchanged' | 'updated'> {
  const where = `subscription '${target.subscription}' of topic '${target.topic}' on Service Bus broker '${target.broker}'`;
  const manager = client.createRuleManager(target.topic, target.subscription);
  const wanted = wantedRules(filter);
  let actual: RuleProperties[];
  try {
    actual = [];
    for await (const rule of manager.listRules()) actual.push(rule);
  } catch (err) {
    throw toServiceBusError(err, { broker: target.broker, action: `listing the rules of ${where}` });
  }
  if (rulesMatch(actual, wanted)) return 'unchanged';
  if (!target.manage) {
    throw new OutriggerError(
      'bad_request',
      `the rules of ${where} do not match its configured filter: found ${describeRules(actual)}; wanted ${describeRules(wanted)}. Change the rules, or set manageEntities: true on the broker so that Outrigger replaces them`,
      { retriable: false, extensions: { subscription: target.subscription, topic: target.topic } },
    );
  }
  try {
    // New rules first, then the old ones go: the subscription never has a moment with no match.
    for (const rule of wanted) {
      const same = actual.find((candidate) => candidate.name === rule.name);
      if (same !== undefined && sameFilter(same, rule)) continue;
      if (same !== undefined) await manager.deleteRule(rule.name);
      await manager.createRule(rule.name, rule.filter);
    }
    for (const rule of actual) {
      if (!wanted.some((w) => w.name === rule.name)) await manager.deleteRule(rule.name);
    }
  } catch (err) {
    throw toServiceBusError(err, { broker: target.broker, action: `updating the rules of ${where}` });
  }
  return 'updated';
}
