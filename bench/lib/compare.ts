/**
 * One results file against an earlier one: each figure's median then and now, the change, and
 * whether it is a regression. A change counts only beyond the noise the two runs measured
 * themselves: the spread of each figure's own runs (max − min over the median, the larger of the
 * two files'), and never less than a floor, since one run alone shows no spread.
 */
import { readFileSync } from 'node:fs';

export interface StoredMetric {
  label: string;
  unit: string;
  values?: (number | null)[];
  median: number | null;
  target?: { op: '<=' | '>='; value: number };
}

export interface StoredReport {
  name: string;
  metrics: StoredMetric[];
  error?: string;
  noise?: { foreignCores: number | null };
}

export interface ResultsFile {
  startedAt?: string;
  build?: { gitHead?: string | null };
  reports: StoredReport[];
}

export type Verdict = 'regression' | 'improvement' | 'within noise' | 'changed' | 'new' | 'gone' | 'no data';

export interface ComparedRow {
  scenario: string;
  label: string;
  unit: string;
  before: number | null;
  after: number | null;
  /** after / before − 1, when both are there and before is not 0. */
  change: number | null;
  /** The relative change this row had to exceed to count. */
  noise: number;
  verdict: Verdict;
}

/** Below this relative change nothing is called a regression, whatever the runs' spread. */
export const noiseFloor = 0.05;

export function readResults(file: string): ResultsFile {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ResultsFile>;
  if (!Array.isArray(parsed.reports)) throw new Error(`${file}: not a bench results file (no reports)`);
  return parsed as ResultsFile;
}

/** Which way is better: the target's direction, else the unit's (times and sizes down, rates up). */
export function betterWhen(metric: StoredMetric): 'lower' | 'higher' | null {
  if (metric.target !== undefined) return metric.target.op === '<=' ? 'lower' : 'higher';
  if (/\/s$/.test(metric.unit)) return 'higher';
  if (['ms', 'µs', 'us', 's', 'MiB', 'KiB', 'B'].includes(metric.unit)) return 'lower';
  return null;
}

/** (max − min) / median of one file's runs of a figure; 0 with fewer than two runs. */
export function spread(metric: StoredMetric): number {
  const values = (metric.values ?? []).filter((v): v is number => v !== null);
  if (values.length < 2 || metric.median === null || metric.median === 0) return 0;
  return (Math.max(...values) - Math.min(...values)) / Math.abs(metric.median);
}

export function compareResults(before: ResultsFile, after: ResultsFile): ComparedRow[] {
  const earlier = new Map<string, StoredMetric>();
  for (const report of before.reports) for (const m of report.metrics) earlier.set(`${report.name}\u0000${m.label}`, m);
  const rows: ComparedRow[] = [];
  const seen = new Set<string>();
  for (const report of after.reports) {
    for (const m of report.metrics) {
      const key = `${report.name}\u0000${m.label}`;
      seen.add(key);
      rows.push(row(report.name, earlier.get(key), m));
    }
  }
  for (const report of before.reports) {
    for (const m of report.metrics) if (!seen.has(`${report.name}\u0000${m.label}`)) rows.push(row(report.name, m, undefined));
  }
  return rows;
}

function row(scenario: string, before: StoredMetric | undefined, after: StoredMetric | undefined): ComparedRow {
  const metric = (after ?? before)!;
  const base = { scenario, label: metric.label, unit: metric.unit, before: before?.median ?? null, after: after?.median ?? null };
  const noise = Math.max(noiseFloor, before === undefined ? 0 : spread(before), after === undefined ? 0 : spread(after));
  if (before === undefined) return { ...base, change: null, noise, verdict: 'new' };
  if (after === undefined) return { ...base, change: null, noise, verdict: 'gone' };
  if (base.before === null || base.after === null) return { ...base, change: null, noise, verdict: 'no data' };
  const change = base.before === 0 ? null : base.after / base.before - 1;
  if (change === null || Math.abs(change) <= noise) return { ...base, change, noise, verdict: change === null && base.after !== base.before ? 'changed' : 'within noise' };
  const better = betterWhen(metric);
  if (better === null) return { ...base, change, noise, verdict: 'changed' };
  const worse = better === 'lower' ? change > 0 : change < 0;
  return { ...base, change, noise, verdict: worse ? 'regression' : 'improvement' };
}

export function comparisonTable(rows: readonly ComparedRow[], names: { before: string; after: string }): string {
  const lines = [`| scenario | metric | ${names.before} | ${names.after} | change | noise | verdict |`, '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const value = (v: number | null): string => (v === null ? '–' : `${fmt(v)} ${r.unit}`);
    const change = r.change === null ? '' : `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)} %`;
    const verdict = r.verdict === 'regression' ? '**regression**' : r.verdict;
    lines.push(`| ${r.scenario} | ${r.label} | ${value(r.before)} | ${value(r.after)} | ${change} | ±${(r.noise * 100).toFixed(0)} % | ${verdict} |`);
  }
  return lines.join('\n');
}

function fmt(value: number): string {
  if (Math.abs(value) >= 1_000) return Math.round(value).toLocaleString('en-US');
  return String(Math.round(value * 100) / 100);
}
