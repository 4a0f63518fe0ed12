/**
 * CPU-profile helpers for the API benchmarks (run-api.ts; query and gRPC alike): cut a V8
 * .cpuprofile down to the time windows of the measured runs (so start-up, pre-loading and the
 * other protocol's runs do not blur the picture), and add *inclusive* time per function and file
 * to the self-time summary of bench/lib/cpu-profile.ts — when self time is spread thin over many
 * small functions, the inclusive view shows which operation they serve.
 *
 * Profile timestamps (startTime + timeDeltas, µs) and process.hrtime.bigint() in the bench both
 * read CLOCK_MONOTONIC, so windows taken in the bench process apply to the daemon's profile.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A measured stretch, as two process.hrtime.bigint() readings. */
export type Window = readonly [bigint, bigint];

/**
 * Writes `out`: the profile with only the samples taken inside `windows`; each kept sample keeps
 * its own duration (the gap to the sample after it). Returns the sampled milliseconds kept.
 */
export function filterProfile(file: string, windows: readonly Window[], out: string): number {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const spans = windows.map(([a, b]) => [Number(a / 1_000n), Number(b / 1_000n)] as const);
  const samples: number[] = [];
  const deltas: number[] = [0];
  let at = profile.startTime;
  let kept = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (!spans.some(([a, b]) => at >= a && at <= b)) continue;
    const own = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
    samples.push(profile.samples[i]!);
    deltas.push(own);
    kept += own;
  }
  deltas.pop();
  writeFileSync(out, JSON.stringify({ ...profile, samples, timeDeltas: deltas }));
  return kept / 1_000;
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return `npm:${url.slice(nm + 'node_modules/'.length)}`;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

/** Inclusive (on-stack) time per function and per file, as shares of the non-idle time. */
export function inclusiveTimes(file: string, limit: number, filter?: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const fnKey = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = Math.max(0, profile.timeDeltas[i + 1] ?? 0);
    let id: number | undefined = profile.samples[i]!;
    if (['(idle)', '(program)', '(root)'].includes(byId.get(id)!.callFrame.functionName)) continue;
    busy += delta;
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    while (id !== undefined) {
      const node = byId.get(id)!;
      if (node.callFrame.functionName !== '(root)') {
        const key = fnKey(node);
        if (!seenFn.has(key) && (filter === undefined || key.includes(filter))) {
          seenFn.add(key);
          byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
        }
        const fileKey = shortUrl(node.callFrame.url);
        if (!seenFile.has(fileKey)) {
          seenFile.add(fileKey);
          byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + delta);
        }
      }
      id = parent.get(id);
    }
  }
  const pct = (us: number): string => `${((100 * us) / Math.max(busy, 1)).toFixed(1).padStart(5)} %`;
  const lines = [`busy (not idle, not "program") ${(busy / 1e3).toFixed(0)} ms; inclusive time as a share of it`, '', 'top inclusive time by function:'];
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, limit)) lines.push(`${pct(us)}  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  lines.push('', 'top inclusive time by file:');
  for (const [key, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, limit)) lines.push(`${pct(us)}  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  return lines.join('\n');
}
