/**
 * Subscription rules of the Service Bus test broker: the rule set of one subscription, the
 * `$management` rule operations (add-rule, remove-rule, enumerate-rules) and the filters a topic's
 * fan-out applies. A message reaches a subscription when any of its rules matches (rule actions are
 * stored and listed, never applied).
 *
 * Filters: TrueFilter ($Default), FalseFilter, correlation filters (system properties and
 * application properties, exact match) and a subset of Service Bus SQL: `=`, `<>`, `IN (...)`,
 * `LIKE '...' [ESCAPE '.']`, `IS [NOT] NULL`, `AND`, `OR`, `NOT`, parentheses, string and number
 * literals, `1=1` / `1=0`, and property names `name`, `[name]`, `user.name`, `sys.Label` etc.
 * Comparisons with a missing property are unknown (neither true nor false), as in SQL.
 */
import rhea, { type Message } from 'rhea';
import { compileSql, type Predicate } from './rules-sql.js';

export const DEFAULT_RULE = '$Default';

const codes = {
  ruleDescription: 1335734829060,
  sqlFilter: 83483426822,
  trueFilter: 83483426823,
  falseFilter: 83483426824,
  correlationFilter: 83483426825,
  sqlRuleAction: 1335734829062,
  emptyRuleAction: 1335734829061,
};

/** Correlation filter fields as the SDK sends them in add-rule. */
const correlationFields = ['correlation-id', 'message-id', 'to', 'reply-to', 'label', 'session-id', 'reply-to-session-id', 'content-type'] as const;
type CorrelationField = (typeof correlationFields)[number];

export type RuleFilter =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'sql'; expression: string; predicate: Predicate }
  | { kind: 'correlation'; fields: Partial<Record<CorrelationField, string>>; properties: Record<string, unknown> };

export interface Rule {
  name: string;
  filter: RuleFilter;
  action: string | undefined;
}

export class RuleError extends Error {
  readonly status: number;
  readonly condition: string;

  constructor(status: number, condition: string, message: string) {
    super(message);
    this.status = status;
    this.condition = condition;
  }
}

export class RuleSet {
  readonly rules = new Map<string, Rule>([[DEFAULT_RULE, { name: DEFAULT_RULE, filter: { kind: 'true' }, action: undefined }]]);

  /** True when any rule's filter matches (no rule: nothing reaches the subscription). */
  matches(message: Message): boolean {
    for (const rule of this.rules.values()) {
      if (filterMatches(rule.filter, message)) return true;
    }
    return false;
  }

  add(name: string, description: Record<string, unknown>): void {
    if (name === '' || name.length > 50) throw new RuleError(400, 'amqp:invalid-field', `rule name '${name}' must have 1 to 50 characters`);
    if (this.rules.has(name)) throw new RuleError(409, 'com.microsoft:entity-already-exists', `The messaging entity rule '${name}' already exists.`);
    const sql = description['sql-filter'] as { expression?: unknown } | undefined;
    const correlation = description['correlation-filter'] as Record<string, unknown> | undefined;
    let filter: RuleFilter;
    if (sql !== undefined && sql !== null) {
      const expression = String(sql.expression ?? '');
      try {
        filter = { kind: 'sql', expression, predicate: compileSql(expression) };
      } catch (err) {
        throw new RuleError(400, 'amqp:invalid-field', `invalid SQL filter '${expression}': ${(err as Error).message}`);
      }
    } else if (correlation !== undefined && correlation !== null) {
      const fields: Partial<Record<CorrelationField, string>> = {};
      for (const field of correlationFields) {
        const value = correlation[field];
        if (value !== undefined && value !== null) fields[field] = String(value);
      }
      const properties = (correlation.properties ?? {}) as Record<string, unknown>;
      filter = { kind: 'correlation', fields, properties: { ...properties } };
    } else throw new RuleError(400, 'amqp:invalid-field', 'a rule needs a sql-filter or a correlation-filter');
    const action = (description['sql-rule-action'] as { expression?: unknown } | undefined)?.expression;
    this.rules.set(name, { name, filter, action: action === undefined || action === null ? undefined : String(action) });
  }

  remove(name: string): void {
    if (!this.rules.delete(name)) throw new RuleError(404, 'amqp:not-found', `The messaging entity rule '${name}' could not be found.`);
  }

  /** The enumerate-rules answer body: each rule as the described list the SDK decodes. */
  describe(skip: number, top: number): { rules: unknown[] } {
    const rules = [...this.rules.values()].slice(skip, skip + top);
    return { rules: rules.map((rule) => ({ 'rule-description': describeRule(rule) })) };
  }
}

/** Applies a `$management` rule operation; returns the answer's status properties and body. */
export function manageRules(rules: RuleSet, operation: string, body: Record<string, unknown>): { properties: Record<string, unknown>; body?: unknown } {
  try {
    switch (operation) {
      case 'com.microsoft:add-rule':
        rules.add(String(body['rule-name'] ?? ''), (body['rule-description'] ?? {}) as Record<string, unknown>);
        return { properties: { statusCode: 200 } };
      case 'com.microsoft:remove-rule':
        rules.remove(String(body['rule-name'] ?? ''));
        return { properties: { statusCode: 200 } };
      default: {
        const skip = Number(body.skip ?? 0);
        const top = Number(body.top ?? 2 ** 31 - 1);
        const answer = rules.describe(skip, top);
        if (answer.rules.length === 0) return { properties: { statusCode: 204 }, body: {} };
        return { properties: { statusCode: 200 }, body: answer };
      }
    }
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    return { properties: { statusCode: err.status, errorCondition: err.condition, statusDescription: err.message } };
  }
}

function filterMatches(filter: RuleFilter, message: Message): boolean {
  switch (filter.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'sql':
      return filter.predicate(message) === true;
    case 'correlation': {
      for (const [field, value] of Object.entries(filter.fields)) {
        if (systemProperty(message, field as CorrelationField) !== value) return false;
      }
      const props = (message.application_properties ?? {}) as Record<string, unknown>;
      for (const [name, value] of Object.entries(filter.properties)) {
        if (props[name] === undefined || String(props[name]) !== String(value)) return false;
      }
      return true;
    }
  }
}

function systemProperty(message: Message, field: CorrelationField): string | undefined {
  const value = {
    'correlation-id': message.correlation_id,
    'message-id': message.message_id,
    to: message.to,
    'reply-to': message.reply_to,
    label: message.subject,
    'session-id': message.group_id,
    'reply-to-session-id': message.reply_to_group_id,
    'content-type': message.content_type,
  }[field];
  return value === undefined || value === null ? undefined : String(value);
}

function described(code: number, fields: unknown[]): unknown {
  return rhea.types.described(rhea.types.wrap_ulong(code), rhea.types.wrap_list(fields));
}

function optionalString(value: string | undefined): unknown {
  return value === undefined ? null : rhea.types.wrap_string(value);
}

function describeRule(rule: Rule): unknown {
  const { filter } = rule;
  let encoded: unknown;
  if (filter.kind === 'true') encoded = described(codes.trueFilter, [rhea.types.wrap_string('1=1')]);
  else if (filter.kind === 'false') encoded = described(codes.falseFilter, [rhea.types.wrap_string('1=0')]);
  else if (filter.kind === 'sql') encoded = described(codes.sqlFilter, [rhea.types.wrap_string(filter.expression)]);
  else {
    encoded = described(codes.correlationFilter, [...correlationFields.map((field) => optionalString(filter.fields[field])), rhea.types.wrap_map(filter.properties)]);
  }
  const action = rule.action === undefined ? described(codes.emptyRuleAction, []) : described(codes.sqlRuleAction, [rhea.types.wrap_string(rule.action)]);
  return described(codes.ruleDescription, [encoded, action, rhea.types.wrap_string(rule.name), rhea.types.wrap_timestamp(Date.now())]);
}
