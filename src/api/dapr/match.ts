/**
 * The part of CEL that Dapr routing rules use in practice: comparisons of event attributes with
 * string literals (`event.type == "order.created"`, `!=`), joined by `&&`, `||` and `!`, in
 * parentheses. Anything else is refused when the subscription is read, naming the expression,
 * rather than routed in a way Dapr would not.
 */
export type EventMatcher = (attributes: Readonly<Record<string, string>>) => boolean;

type Token = { kind: 'op'; value: string } | { kind: 'field'; value: string } | { kind: 'string'; value: string } | { kind: 'bool'; value: boolean };

export class UnsupportedMatch extends Error {}

export function compileMatch(expression: string): EventMatcher {
  const tokens = tokenize(expression);
  let at = 0;
  const fail = (why: string): never => {
    throw new UnsupportedMatch(`routing rule '${expression}' is not supported: ${why} (supported: event.<attribute> == or != "text", &&, ||, !, parentheses)`);
  };
  const peek = (): Token | undefined => tokens[at];
  const isOp = (value: string): boolean => peek()?.kind === 'op' && peek()!.value === value;

  const or = (): EventMatcher => {
    let left = and();
    while (isOp('||')) {
      at++;
      const [a, b] = [left, and()];
      left = (event) => a(event) || b(event);
    }
    return left;
  };
  const and = (): EventMatcher => {
    let left = unary();
    while (isOp('&&')) {
      at++;
      const [a, b] = [left, unary()];
      left = (event) => a(event) && b(event);
    }
    return left;
  };
  const unary = (): EventMatcher => {
    if (isOp('!')) {
      at++;
      const inner = unary();
      return (event) => !inner(event);
    }
    if (isOp('(')) {
      at++;
      const inner = or();
      if (!isOp(')')) fail("a '(' is not closed");
      at++;
      return inner;
    }
    const token = peek();
    if (token?.kind === 'bool') {
      at++;
      return () => token.value;
    }
    return comparison();
  };
  const operand = (): Token => {
    const token = peek();
    if (token === undefined || token.kind === 'op' || token.kind === 'bool') return fail(token === undefined ? 'it ends too early' : `unexpected '${String(token.value)}'`);
    at++;
    return token;
  };
  const comparison = (): EventMatcher => {
    const left = operand();
    const op = peek();
    if (op?.kind !== 'op' || (op.value !== '==' && op.value !== '!=')) return fail('a comparison needs == or !=');
    at++;
    const right = operand();
    const value = (token: Token) => (event: Readonly<Record<string, string>>): string | undefined => (token.kind === 'field' ? event[token.value] : String(token.value));
    const [l, r] = [value(left), value(right)];
    // CEL errors on an absent attribute, and Dapr treats that rule as not matching.
    return op.value === '==' ? (event) => l(event) !== undefined && l(event) === r(event) : (event) => l(event) !== undefined && r(event) !== undefined && l(event) !== r(event);
  };

  if (tokens.length === 0) fail('it is empty');
  const matcher = or();
  if (at < tokens.length) fail(`unexpected '${String(tokens[at]!.value)}'`);
  return matcher;

  function tokenize(text: string): Token[] {
    const found: Token[] = [];
    const pattern = /\s*(?:(==|!=|&&|\|\||!|\(|\))|event\.([a-z0-9]+)\b|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(true|false)\b|(\S+))/gy;
    let match: RegExpExecArray | null;
    while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
      if (match[0].trim() === '') break;
      const [, op, field, double, single, bool, other] = match;
      if (op !== undefined) found.push({ kind: 'op', value: op });
      else if (field !== undefined) found.push({ kind: 'field', value: field });
      else if (double !== undefined || single !== undefined) found.push({ kind: 'string', value: JSON.parse(`"${(double ?? single!).replace(/\\'/g, "'")}"`) as string });
      else if (bool !== undefined) found.push({ kind: 'bool', value: bool === 'true' });
      else throw new UnsupportedMatch(`routing rule '${text}' is not supported: '${other}' (supported: event.<attribute> == or != "text", &&, ||, !, parentheses)`);
    }
    return found;
  }
}
