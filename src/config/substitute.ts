/**
 * `${VAR}`, `${VAR:-default}` and `${file:/path}` in string values. Substitution runs on the
 * parsed document, value by value, so a secret containing `:` or a newline can never change
 * the YAML structure. `$${` stands for a literal `${`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Path, ProblemList } from './problems.js';

export interface SubstituteOptions {
  env: NodeJS.ProcessEnv;
  /** Relative `${file:...}` paths are resolved from here (the config file's directory). */
  baseDir: string;
}

const expression = /\$\$\{|\$\{([^}]*)(\})?/g;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const usage = 'use ${NAME}, ${NAME:-default}, ${file:/path} or $${ for a literal ${';

/** A copy of `value` with every string substituted; problems are recorded at each string's path. */
export function substitute(value: unknown, options: SubstituteOptions, problems: ProblemList, path: Path = []): unknown {
  if (typeof value === 'string') return substituteString(value, options, problems, path);
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, options, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = substitute(item, options, problems, [...path, key]);
    return result;
  }
  return value;
}

function substituteString(text: string, options: SubstituteOptions, problems: ProblemList, path: Path): string {
  if (!text.includes('${')) return text;
  return text.replace(expression, (match, inner: string | undefined, closing: string | undefined) => {
    if (match === '$${') return '${';
    if (closing === undefined) {
      problems.addBroken(path, `unterminated '\${' (${usage})`);
      return match;
    }
    const value = evaluate(inner ?? '', options);
    if (value.ok) return value.text;
    problems.addBroken(path, value.message);
    return match;
  });
}

type Evaluation = { ok: true; text: string } | { ok: false; message: string };

function evaluate(inner: string, options: SubstituteOptions): Evaluation {
  if (inner.startsWith('file:')) return readSecretFile(inner.slice('file:'.length), options.baseDir);
  const separator = inner.indexOf(':-');
  const name = separator === -1 ? inner : inner.slice(0, separator);
  if (!variableName.test(name)) return { ok: false, message: `invalid substitution '\${${inner}}' (${usage})` };
  const value = options.env[name];
  if (separator !== -1 && (value === undefined || value === '')) return { ok: true, text: inner.slice(separator + 2) };
  if (value === undefined) {
    return { ok: false, message: `environment variable ${name} is not set (set it, or write \${${name}:-default})` };
  }
  return { ok: true, text: value };
}

/** Trimmed, because files mounted from Kubernetes Secrets often end with a newline nobody meant. */
function readSecretFile(file: string, baseDir: string): Evaluation {
  if (file === '') return { ok: false, message: `\${file:} needs a path, e.g. \${file:/var/run/secrets/outrigger/token}` };
  const fullPath = resolve(baseDir, file);
  try {
    return { ok: true, text: readFileSync(fullPath, 'utf8').trim() };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { ok: false, message: `cannot read file ${fullPath} for \${file:${file}} (${reason})` };
  }
}
