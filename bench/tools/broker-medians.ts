/**
 * Medians of several broker comparison records (bench/lib/broker-compare.ts), as the Markdown
 * table BENCHMARKS.md shows: per scenario the median rate (or push p50 / p99) of each side, the
 * median ratio with its range, and the median CPU µs per message of each process.
 *   node dist/bench/tools/broker-medians.js bench/results/redis-*.json
 */
import { readFileSync } from 'node:fs';

interface Side {
  rate: number;
  latency: { p50Us: number; p99Us: number };
  cpuUsPerMessage: Record<string, number>;
}

interface BrokerRecord {
  broker: string;
  results: Record<string, Side>;
  ratios: Record<string, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const records = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as BrokerRecord);
const scenarios: [key: string, label: string, ratio: string][] = [
  ['send', 'send', 'send'],
  ['publish', 'publish', 'publish'],
  ['batch', 'publish, 100 per call', 'batch'],
  ['push', 'push: p50 / p99', 'pushP99'],
];
const ms = (us: number): string => (us / 1000).toFixed(1);
const lines = ['| broker | scenario | directly | Outrigger | ratio: median (range) | CPU µs/message, directly | CPU µs/message, Outrigger |', '|---|---|---|---|---|---|---|'];
for (const broker of [...new Set(records.map((r) => r.broker))]) {
  const mine = records.filter((r) => r.broker === broker);
  for (const [key, label, ratioKey] of scenarios) {
    const sides = (side: string): Side[] => mine.map((r) => r.results[`${key}${side}`]).filter((s): s is Side => s !== undefined);
    const [direct, outrigger] = [sides('Direct'), sides('Outrigger')];
    if (direct.length === 0 || outrigger.length === 0) continue;
    const figure = (runs: Side[]): string =>
      key === 'push' ? `${ms(median(runs.map((s) => s.latency.p50Us)))} / ${ms(median(runs.map((s) => s.latency.p99Us)))} ms` : `${Math.round(median(runs.map((s) => s.rate))).toLocaleString('en')}/s`;
    const cpu = (runs: Side[]): string =>
      Object.keys(runs[0]?.cpuUsPerMessage ?? {})
        .map((name) => `${name} ${Math.round(median(runs.map((s) => s.cpuUsPerMessage[name] ?? 0)))}`)
        .join(', ');
    const ratios = mine.map((r) => r.ratios[ratioKey]).filter((v): v is number => v !== undefined);
    lines.push(`| ${broker} | ${label} | ${figure(direct)} | ${figure(outrigger)} | **${median(ratios)}** (${Math.min(...ratios)}–${Math.max(...ratios)}) | ${cpu(direct)} | ${cpu(outrigger)} |`);
  }
}
process.stdout.write(`${lines.join('\n')}\n(${records.length} records)\n`);
