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
import { writeFileSync } from 'node:fs';
import { addTo, frameKey, localPath, readProfile, sampleTime, shareOf, timeRows } from './v8-profile.js';

/** A measured stretch, as two process.hrtime.bigint() readings. */
export type Window = readonly [bigint, bigint];

/**
 * Writes `out`: the profile with only the samples taken inside `windows`; each kept sample keeps
 * its own duration (the gap to the sample after it). Returns the sampled milliseconds kept.
 */
export function filterProfile(file: string, windows: readonly Window[], out: string): number {
  const profile = readProfile(file);
  const spans = windows.map(([a, b]) => [Number(a / 1_000n), Number(b / 1_000n)] as const);
  const samples: number[] = [];
  const deltas: number[] = [0];
  let at = profile.startTime;
  let kept = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (!spans.some(([a, b]) => at >= a && at <= b)) continue;
    const own = sampleTime(profile, i);
    samples.push(profile.samples[i]!);
    deltas.push(own);
    kept += own;
  }
  deltas.pop();
  writeFileSync(out, JSON.stringify({ ...profile, samples, timeDeltas: deltas }));
  return kept / 1_000;
}

/** Unlike the self-time summary's, keeps an npm file's whole path: the by-file table lists files. */
function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return `npm:${url.slice(nm + 'node_modules/'.length)}`;
  return localPath(url);
}

/** Inclusive (on-stack) time per function and per file, as shares of the non-idle time. */
export function inclusiveTimes(file: string, limit: number, filter?: string): string {
  const profile = readProfile(file);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = sampleTime(profile, i);
    let id: number | undefined = profile.samples[i]!;
    if (['(idle)', '(program)', '(root)'].includes(byId.get(id)!.callFrame.functionName)) continue;
    busy += delta;
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    while (id !== undefined) {
      const node = byId.get(id)!;
      if (node.callFrame.functionName !== '(root)') {
        const key = frameKey(node.callFrame, shortUrl);
        if (!seenFn.has(key) && (filter === undefined || key.includes(filter))) {
          seenFn.add(key);
          addTo(byFunction, key, delta);
        }
        const fileKey = shortUrl(node.callFrame.url);
        if (!seenFile.has(fileKey)) {
          seenFile.add(fileKey);
          addTo(byFile, fileKey, delta);
        }
      }
      id = parent.get(id);
    }
  }
  const pct = shareOf(Math.max(busy, 1));
  const lines = [`busy (not idle, not "program") ${(busy / 1e3).toFixed(0)} ms; inclusive time as a share of it`, '', 'top inclusive time by function:'];
  lines.push(...timeRows(byFunction, limit, pct), '', 'top inclusive time by file:', ...timeRows(byFile, limit, pct));
  return lines.join('\n');
}
