/** What a scenario reports, and the Markdown table made of all of them. */
import type { Noise } from './noise.js';
import { median, round } from './stats.js';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Metric {
  label: string;
  unit: string;
  /** One value per run (null when that run could not produce it). */
  values: (number | null)[];
  target?: Target;
}

export interface ScenarioReport {
  name: string;
  description: string;
  metrics: Metric[];
  /** Every run's full figures, for the JSON file. */
  raw: unknown[];
  error?: string;
  /** Other processes' CPU use and load while the scenario ran (filled in by the runner). */
  noise?: Noise;
}

export function metricMedian(metric: Metric): number | null {
  return round(median(metric.values.filter((v): v is number => v !== null)));
}

export function verdict(metric: Metric): string {
  const value = metricMedian(metric);
  if (metric.target === undefined) return '';
  if (value === null) return 'no data';
  const pass = metric.target.op === '<=' ? value <= metric.target.value : value >= metric.target.value;
  if (pass) return 'pass';
  const ratio = metric.target.op === '<=' ? value / metric.target.value : metric.target.value / Math.max(value, 1e-9);
  return `**miss** (${ratio.toFixed(1)}x)`;
}

export function markdownTable(reports: readonly ScenarioReport[]): string {
  const lines = ['| scenario | metric | target | median | runs | verdict |', '|---|---|---|---|---|---|'];
  for (const report of reports) {
    if (report.error !== undefined) {
      lines.push(`| ${report.name} | failed: ${report.error.split('\n')[0]!.replaceAll('|', '\\|')} | | | | |`);
      continue;
    }
    for (const metric of report.metrics) {
      const target = metric.target === undefined ? '' : `${metric.target.op === '<=' ? '≤' : '≥'} ${fmt(metric.target.value)} ${metric.unit}`;
      const value = metricMedian(metric);
      const runs = metric.values.map((v) => (v === null ? '–' : fmt(v))).join(' / ');
      lines.push(`| ${report.name} | ${metric.label} | ${target} | ${value === null ? '–' : `${fmt(value)} ${metric.unit}`} | ${runs} | ${verdict(metric)} |`);
    }
    const n = report.noise;
    if (n !== undefined) lines.push(`| ${report.name} | (noise) other processes' CPU | | ${n.foreignCores ?? '–'} cores | load avg ${n.loadAvg1Start} → ${n.loadAvg1End} | |`);
  }
  return lines.join('\n');
}

function fmt(value: number): string {
  if (Math.abs(value) >= 1_000) return Math.round(value).toLocaleString('en-US');
  return String(round(value, Math.abs(value) >= 100 ? 0 : 2));
}
