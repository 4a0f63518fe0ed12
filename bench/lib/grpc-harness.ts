/**
 * Harness pieces for the API benchmarks (bench/run-api.ts: query and gRPC), on top of the shared
 * bench/lib modules, which this file only uses:
 * - the daemon's gRPC address (startDaemon picks a free port but does not expose it; found here
 *   from the daemon's own listening sockets in /proc);
 * - CPU time of any process from /proc/<pid>/stat (utime + stime, all threads), for the sidecar
 *   CPU figures and to tell whether the generator or the daemon was the bottleneck;
 * - starting the daemon with --cpu-prof when BENCH_PROFILE=1, and summarising the profile when it
 *   stops (with bench/lib/cpu-profile.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './cpu-profile.js';
import { filterProfile, inclusiveTimes, type Window } from './grpc-profile.js';
import { startDaemon, type RunningDaemon } from './daemon.js';
import type { ScenarioReport } from './report.js';
import type { BenchContext } from '../scenarios/context.js';

/** USER_HZ on Linux: /proc/<pid>/stat counts CPU time in these ticks. */
const ticksPerSecond = 100;

/** What run-api.ts gives every scenario beyond the shared BenchContext. */
export interface ApiContext extends BenchContext {
  /** BENCH_PROFILE=1: run daemons with --cpu-prof and attach a summary to the report. */
  profile: boolean;
}

/** A scenario of run-api.ts. */
export interface ApiScenario {
  name: string;
  description: string;
  run(ctx: ApiContext): Promise<ScenarioReport>;
}

/** CPU seconds (user + system, every thread) `pid` has used so far, or null if it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm)": state(0) ppid(1) ... utime(11) stime(12)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** CPU seconds of this process (all threads), from process.cpuUsage(): microsecond resolution. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export interface CpuWatch {
  /** Average cores used by each watched process since start (1.0 = one core busy). */
  stop(): { elapsedS: number; cores: Record<string, number | null> };
}

/** Watches the CPU time of named processes (this process's own pid: read with process.cpuUsage) over an interval. */
export function watchCpu(pids: Record<string, number>): CpuWatch {
  const read = (): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    for (const [name, pid] of Object.entries(pids)) out[name] = pid === process.pid ? ownCpuSeconds() : cpuSeconds(pid);
    return out;
  };
  const before = read();
  const t0 = performance.now();
  return {
    stop() {
      const after = read();
      const elapsedS = (performance.now() - t0) / 1_000;
      const cores: Record<string, number | null> = {};
      for (const name of Object.keys(pids)) {
        const a = before[name];
        const b = after[name];
        cores[name] = a === null || a === undefined || b === null || b === undefined || elapsedS <= 0 ? null : Math.round(((b - a) / elapsedS) * 1_000) / 1_000;
      }
      return { elapsedS, cores };
    },
  };
}

/** Ports `pid` listens on (TCP, IPv4 and IPv6), from its socket fds and /proc/net/tcp{,6}. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match !== null) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9]!)) continue;
      ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return [...new Set(ports)];
}

/** The gRPC API address of a daemon started by startDaemon: its one listening port that is neither HTTP nor admin. */
export function grpcAddressOf(daemon: RunningDaemon): string {
  const known = new Set([new URL(daemon.origin).port, new URL(daemon.adminOrigin).port].map(Number));
  const others = listeningPorts(daemon.pid).filter((port) => !known.has(port));
  if (others.length !== 1) throw new Error(`cannot tell the daemon's gRPC port: it listens on ${others.join(', ') || 'nothing else'} besides HTTP and admin`);
  return `127.0.0.1:${others[0]}`;
}

export interface ApiDaemon {
  daemon: RunningDaemon;
  /** With profiling on: notes a measured stretch under `label`, for a summary of just those stretches. */
  mark(label: string, startNs: bigint, endNs: bigint): void;
  /** Stops the daemon; with profiling on, returns the profile summaries (one per label, or the whole run). */
  stop(): Promise<string | null>;
}

/** startDaemon pinned like the other benches, with --cpu-prof when ctx.profile. */
export async function startApiDaemon(ctx: ApiContext, configYaml: string): Promise<ApiDaemon> {
  const profDir = ctx.profile ? mkdtempSync(join(tmpdir(), 'outrigger-api-prof-')) : null;
  const nodeArgs = profDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml, core: ctx.pinning.serverCore, nodeArgs, readyTimeoutMs: 30_000 });
  const windows = new Map<string, Window[]>();
  return {
    daemon,
    mark(label, startNs, endNs) {
      if (profDir === null) return;
      windows.set(label, [...(windows.get(label) ?? []), [startNs, endNs]]);
    },
    async stop() {
      await daemon.stop(60_000);
      if (profDir === null) return null;
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (file === undefined) return `no profile written in ${profDir}`;
      const whole = join(profDir, file);
      const parts: string[] = [];
      const labels = windows.size === 0 ? [['whole run', null] as const] : [...windows].map(([label, spans]) => [label, spans] as const);
      for (const [label, spans] of labels) {
        let target = whole;
        if (spans !== null) {
          target = join(profDir, `${label.replace(/[^\w.-]+/g, '_')}.cpuprofile`);
          filterProfile(whole, spans, target);
        }
        parts.push(`=== daemon profile: ${label} ===\n${summariseProfile(target, 25)}\n\n${inclusiveTimes(target, 30)}`);
      }
      if (process.env.BENCH_KEEP_PROFILE === '1') parts.push(`profiles kept in ${profDir}`);
      else rmSync(profDir, { recursive: true, force: true });
      return parts.join('\n\n');
    },
  };
}
