/**
 * The subset of Service Bus SQL filter syntax the test broker evaluates (see rules.ts). Values are
 * three-valued: a comparison involving a missing property is `undefined` (unknown), and only a
 * filter that evaluates to `true` matches. Unsupported syntax is a parse error (the broker answers
 * add-rule with 400), so a driver that generates more than this subset fails loudly in tests.
 */
import type { Message } from 'rhea';

export type Predicate = (message: Message) => boolean | undefined;
type Value = (message: Message) => unknown;

type Token = { kind: 'word' | 'ident' | 'string' | 'number' | 'op'; text: string };

const systemProperties: Record<string, (m: Message) => unknown> = {
  messageid: (m) => m.message_id,
  correlationid: (m) => m.correlation_id,
  to: (m) => m.to,
  replyto: (m) => m.reply_to,
  label: (m) => m.subject,
  sessionid: (m) => m.group_id,
  replytosessionid: (m) => m.reply_to_group_id,
  contenttype: (m) => m.content_type,
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ kind: 'string', text: value });
    } else if (c === '[' || c === '"') {
      const close = c === '[' ? ']' : '"';
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new Error(`unterminated identifier ${c}`);
      tokens.push({ kind: 'ident', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      const op = ['<>', '!=', '(', ')', ',', '=', '.'].find((candidate) => text.startsWith(candidate, i));
      if (op === undefined) throw new Error(`unexpected '${c}' at ${i}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): Predicate {
    const predicate = this.#or();
    if (this.#at < this.#tokens.length) throw new Error(`unexpected '${this.#tokens[this.#at]?.text}'`);
    return predicate;
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#at];
  }

  #keyword(word: string): boolean {
    const token = this.#peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.#at++;
      return true;
    }
    return false;
  }

  #op(op: string): boolean {
    const token = this.#peek();
    if (token?.kind === 'op' && token.text === op) {
      this.#at++;
      return true;
    }
    return false;
  }

  #expect(op: string): void {
    if (!this.#op(op)) throw new Error(`expected '${op}'`);
  }

  #or(): Predicate {
    let left = this.#and();
    while (this.#keyword('OR')) {
      const a = left;
      const b = this.#and();
      left = (m) => {
        const x = a(m);
        const y = b(m);
        return x === true || y === true ? true : x === false && y === false ? false : undefined;
      };
    }
    return left;
  }

  #and(): Predicate {
    let left = this.#not();
    while (this.#keyword('AND')) {
      const a = left;
      const b = this.#not();
      left = (m) => {
        const x = a(m);
        const y = b(m);
        return x === false || y === false ? false : x === true && y === true ? true : undefined;
      };
    }
    return left;
  }

  #not(): Predicate {
    if (this.#keyword('NOT')) {
      const inner = this.#not();
      return (m) => {
        const x = inner(m);
        return x === undefined ? undefined : !x;
      };
    }
    if (this.#op('(')) {
      const inner = this.#or();
      this.#expect(')');
      return inner;
    }
    return this.#comparison();
  }

  #comparison(): Predicate {
    const left = this.#value();
    if (this.#keyword('IS')) {
      const negated = this.#keyword('NOT');
      if (!this.#keyword('NULL')) throw new Error('expected NULL');
      return (m) => (left(m) === undefined) !== negated;
    }
    const negated = this.#keyword('NOT');
    if (this.#keyword('IN')) {
      this.#expect('(');
      const options: Value[] = [this.#value()];
      while (this.#op(',')) options.push(this.#value());
      this.#expect(')');
      return (m) => {
        const value = left(m);
        if (value === undefined) return undefined;
        return options.some((option) => equal(value, option(m))) !== negated;
      };
    }
    if (this.#keyword('LIKE')) {
      const pattern = this.#string();
      const escape = this.#keyword('ESCAPE') ? this.#string() : undefined;
      const regex = likeToRegex(pattern, escape);
      return (m) => {
        const value = left(m);
        if (value === undefined) return undefined;
        return regex.test(String(value)) !== negated;
      };
    }
    if (negated) throw new Error('expected IN or LIKE after NOT');
    const equals = this.#op('=');
    if (!equals && !this.#op('<>') && !this.#op('!=')) throw new Error(`expected a comparison after a value`);
    const right = this.#value();
    return (m) => {
      const a = left(m);
      const b = right(m);
      if (a === undefined || b === undefined) return undefined;
      return equal(a, b) === equals;
    };
  }

  #string(): string {
    const token = this.#peek();
    if (token?.kind !== 'string') throw new Error('expected a string literal');
    this.#at++;
    return token.text;
  }

  #value(): Value {
    const token = this.#peek();
    if (token === undefined) throw new Error('unexpected end of expression');
    this.#at++;
    if (token.kind === 'string') return () => token.text;
    if (token.kind === 'number') return () => Number(token.text);
    if (token.kind === 'ident') return userProperty(token.text);
    if (token.kind === 'word') {
      const scope = token.text.toLowerCase();
      if ((scope === 'user' || scope === 'sys') && this.#op('.')) {
        const name = this.#peek();
        if (name === undefined || (name.kind !== 'word' && name.kind !== 'ident')) throw new Error(`expected a property name after ${scope}.`);
        this.#at++;
        if (scope === 'user') return userProperty(name.text);
        const read = systemProperties[name.text.toLowerCase()];
        if (read === undefined) throw new Error(`system property sys.${name.text} is not supported by the test broker`);
        return (m) => read(m) ?? undefined;
      }
      return userProperty(token.text);
    }
    throw new Error(`unexpected '${token.text}'`);
  }
}

function userProperty(name: string): Value {
  return (m) => {
    const value = (m.application_properties as Record<string, unknown> | undefined)?.[name];
    return value === null ? undefined : value;
  };
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return String(a) === String(b);
}

function likeToRegex(pattern: string, escape: string | undefined): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (escape !== undefined && c === escape && i + 1 < pattern.length) {
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

export function compileSql(expression: string): Predicate {
  return new Parser(tokenize(expression)).parse();
}
