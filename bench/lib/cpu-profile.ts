/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
 * and self time per file/package.
 */
import { addTo, frameKey, localPath, readProfile, sampleTime, shareOf, timeRows, top, type Profile, type ProfileNode } from './v8-profile.js';

/** Self time in µs per profile node id, from the sample stream. */
function selfTimes(profile: Profile): Map<number, number> {
  const times = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) addTo(times, profile.samples[i]!, sampleTime(profile, i));
  return times;
}

function shortUrl(url: string): string {
  if (url === '') return '(native/v8)';
  const nodeModules = url.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const rest = url.slice(nodeModules + 'node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}/${rest.at(-1)}`;
  }
  return localPath(url);
}

function fileGroup(url: string): string {
  if (url === '') return '(native/v8: gc, idle, program)';
  const short = shortUrl(url);
  if (short.startsWith('npm:')) return short.split('/').slice(0, short.startsWith('npm:@') ? 2 : 1).join('/');
  if (short.startsWith('node:')) return short;
  return short;
}

/** Self time of the functions named `name`, split by the function that called them. */
function callersOf(profile: Profile, self: Map<number, number>, name: string): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const result = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName !== name) continue;
    const caller = parent.get(node.id)?.callFrame;
    addTo(result, caller === undefined ? '(root)' : frameKey(caller, shortUrl), self.get(node.id) ?? 0);
  }
  return result;
}

interface BusyPeriod {
  startMs: number;
  durationMs: number;
  byFunction: Map<string, number>;
}

/**
 * Stretches in which the event loop never went idle, longest first: a long one is a stall that
 * every request arriving during it waits out.
 */
function busyPeriods(profile: Profile, byId: Map<number, ProfileNode>): BusyPeriod[] {
  const periods: BusyPeriod[] = [];
  let current: BusyPeriod | null = null;
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (frame.functionName === '(idle)') {
      if (current !== null) periods.push(current);
      current = null;
      continue;
    }
    current ??= { startMs: at / 1e3, durationMs: 0, byFunction: new Map() };
    current.durationMs += delta / 1e3;
    const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}`;
    addTo(current.byFunction, key, delta / 1e3);
  }
  if (current !== null) periods.push(current);
  return periods.sort((a, b) => b.durationMs - a.durationMs);
}

export function summariseProfile(file: string, limit = 25, splitByCaller: readonly string[] = []): string {
  const profile = readProfile(file);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = selfTimes(profile);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    addTo(byFunction, frameKey(frame, shortUrl), us);
    addTo(byFile, fileGroup(frame.url), us);
  }
  const busy = total - (byFunction.get('(idle)  (native/v8)') ?? 0);
  const pct = shareOf(total);
  const lines = [`profile ${file}: ${(total / 1e3).toFixed(0)} ms sampled, ${(busy / 1e3).toFixed(0)} ms not idle`, '', 'top self time by function:'];
  lines.push(...timeRows(byFunction, limit, pct), '', 'self time by file / package:', ...timeRows(byFile, limit, pct));
  // The stretch at 0 s is start-up (module loading), reported by the start-up scenario instead.
  const periods = busyPeriods(profile, byId).filter((p) => p.startMs > 0);
  const count = (ms: number): number => periods.filter((p) => p.durationMs > ms).length;
  lines.push('', `stretches without an idle sample after start-up: ${periods.length}; longer than 2 ms: ${count(2)}, 5 ms: ${count(5)}, 10 ms: ${count(10)}, 50 ms: ${count(50)}; longest:`);
  for (const period of periods.slice(0, 8)) {
    const what = top(period.byFunction, 4).map(([key, ms]) => `${key} ${ms.toFixed(0)} ms`).join('; ');
    lines.push(`  ${period.durationMs.toFixed(0).padStart(5)} ms at ${(period.startMs / 1e3).toFixed(1)} s: ${what}`);
  }
  for (const name of splitByCaller) {
    lines.push('', `self time of '${name}' by caller:`);
    lines.push(...timeRows(callersOf(profile, self, name), 10, pct));
  }
  return lines.join('\n');
}
