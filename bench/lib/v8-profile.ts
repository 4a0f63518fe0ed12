/**
 * Reading a V8 .cpuprofile (from `node --cpu-prof`) and laying its times out as tables: the part
 * the self-time summary (cpu-profile.ts) and the inclusive-time view (grpc-profile.ts) share.
 * Times are in µs, as in the profile.
 */
import { readFileSync } from 'node:fs';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function readProfile(file: string): Profile {
  return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

/**
 * The time sample `i` stands for: timeDeltas[i] is the gap before it, so its own is the gap after
 * it (none for the last). A negative gap counts as none.
 */
export function sampleTime(profile: Profile, i: number): number {
  return Math.max(0, profile.timeDeltas[i + 1] ?? 0);
}

/** A file outside node_modules: from dist/ on where the build put it, else its path. */
export function localPath(url: string): string {
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

/** "name  file:line", with the file as `shortUrl` writes it (no line for native frames). */
export function frameKey(frame: CallFrame, shortUrl: (url: string) => string): string {
  return `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
}

export function addTo<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

export function top<K>(map: Map<K, number>, n: number): [K, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** Formats a time as its percentage of `whole`, right-aligned. */
export function shareOf(whole: number): (us: number) => string {
  return (us) => `${((100 * us) / whole).toFixed(1).padStart(5)} %`;
}

/** The `n` largest times as table rows: share, milliseconds, key. */
export function timeRows(times: Map<string, number>, n: number, share: (us: number) => string): string[] {
  return top(times, n).map(([key, us]) => `${share(us)}  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
}
