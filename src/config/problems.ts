/**
 * Collecting problems while validating: every stage adds to one list, keyed by a structured
 * path that is rendered the way people write it (`subscriptions[0].from.queue`).
 */
import type { ConfigProblem } from './errors.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** `["queues", "orders.v1", "lease"]` → `queues["orders.v1"].lease`; numbers are array indexes. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export class ProblemList {
  private readonly problems: Array<{ path: Path; message: string }> = [];
  private readonly seen = new Set<string>();
  /** Paths whose value could not be produced at all; later complaints about them are noise. */
  private readonly broken: Path[] = [];
  /** Paths set from the environment, so a bad value names the variable that set it. */
  private readonly origins = new Map<string, string>();

  add(path: Path, message: string): void {
    if (this.broken.some((prefix) => startsWith(path, prefix))) return;
    const key = `${formatPath(path)}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ path, message });
  }

  /** Records the problem and silences any later one at or below the same path. */
  addBroken(path: Path, message: string): void {
    this.add(path, message);
    this.broken.push(path);
  }

  /** Whether a problem has been recorded at `path` or below it. */
  hasAt(path: Path): boolean {
    return this.problems.some((problem) => startsWith(problem.path, path));
  }

  setOrigin(path: Path, variable: string): void {
    this.origins.set(formatPath(path), variable);
  }

  get size(): number {
    return this.problems.length;
  }

  /** In the order the paths appear in `document` (the file's order), which is how people read them. */
  toArray(document?: unknown): ConfigProblem[] {
    const order = documentOrder(document);
    const rank = (path: Path) => {
      for (let length = path.length; length > 0; length--) {
        const found = order.get(formatPath(path.slice(0, length)));
        if (found !== undefined) return found;
      }
      return -1;
    };
    const sorted = this.problems.map((problem, index) => ({ problem, index, rank: rank(problem.path) }));
    sorted.sort((a, b) => a.rank - b.rank || a.index - b.index);
    return sorted.map(({ problem: { path, message } }) => {
      const text = formatPath(path);
      const variable = this.origins.get(text);
      return { path: text, message: variable === undefined ? message : `${message} (set by ${variable})` };
    });
  }
}

function documentOrder(document: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const visit = (node: unknown, path: PathSegment[]) => {
    order.set(formatPath(path), order.size);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, [...path, i]));
    else if (node !== null && typeof node === 'object') for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
  };
  visit(document, []);
  return order;
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
