/**
 * Diagnostic preload for the daemon (`node --import <this file> dist/src/main.js`): what the
 * daemon allocates, per measured window. It keeps V8's sampling heap profiler running with the
 * objects that GC already collected included, so the sampled total estimates every byte allocated
 * on the JS heap, not only what survives. On SIGUSR2 it writes, since the previous SIGUSR2, one
 * stderr line `alloc-probe <json>` and starts again:
 *  - bytes: estimated bytes allocated; gc: scavenges and other pauses (count, total ms);
 *  - cpuMs: the process's user + system CPU;
 *  - sites: the allocating functions with the most bytes, each as the leaf frame and as the
 *    nearest frame in Outrigger's own code (dist/src), which is the one a change can act on.
 * Sampling every ALLOC_PROBE_INTERVAL bytes (default 1024) costs CPU: use it for bytes and
 * sites, not for latency.
 */
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children: ProfileNode[];
}

const interval = Number(process.env.ALLOC_PROBE_INTERVAL ?? 1024);
const session = new Session();
session.connect();
const start = (): Promise<unknown> =>
  session.post('HeapProfiler.startSampling', { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await session.post('HeapProfiler.enable');
await start();

let gc = { scavenges: 0, scavengeMs: 0, other: 0, otherMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === 1) {
      gc.scavenges++;
      gc.scavengeMs += entry.duration;
    } else {
      gc.other++;
      gc.otherMs += entry.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });
let cpu = process.cpuUsage();

const frameName = (f: CallFrame): string => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}`;
const ours = (f: CallFrame): boolean => f.url.includes('/dist/src/');

function walk(node: ProfileNode, nearestOurs: string, leaf: Map<string, number>, own: Map<string, number>): number {
  const here = ours(node.callFrame) ? frameName(node.callFrame) : nearestOurs;
  let total = node.selfSize;
  if (node.selfSize > 0) {
    const name = frameName(node.callFrame);
    leaf.set(name, (leaf.get(name) ?? 0) + node.selfSize);
    own.set(here, (own.get(here) ?? 0) + node.selfSize);
  }
  for (const child of node.children) total += walk(child, here, leaf, own);
  return total;
}

const top = (m: Map<string, number>, n: number): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);

process.on('SIGUSR2', () => {
  void (async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
    await start();
    const used = process.cpuUsage(cpu);
    const leaf = new Map<string, number>();
    const own = new Map<string, number>();
    const bytes = walk(profile.head, '(outside dist/src)', leaf, own);
    const report = {
      bytes,
      gc: { ...gc, scavengeMs: Math.round(gc.scavengeMs * 100) / 100, otherMs: Math.round(gc.otherMs * 100) / 100 },
      cpuMs: Math.round((used.user + used.system) / 1_000),
      leaf: top(leaf, Number(process.env.ALLOC_PROBE_TOP ?? 30)),
      ours: top(own, Number(process.env.ALLOC_PROBE_TOP ?? 30)),
    };
    gc = { scavenges: 0, scavengeMs: 0, other: 0, otherMs: 0 };
    cpu = process.cpuUsage();
    process.stderr.write(`alloc-probe ${JSON.stringify(report)}\n`);
  })();
});
