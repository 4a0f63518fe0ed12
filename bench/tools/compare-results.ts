/**
 * Medians of several results files (records in bench/results/, other runs in bench/results/runs/)
 * side by side, one column per file, to see how much a figure moves between runs on a shared
 * machine. Usage:
 *   node dist/bench/tools/compare-results.js bench/results/A.json bench/results/runs/B.json ...
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface StoredMetric {
  label: string;
  unit: string;
  median: number | null;
}

interface StoredReport {
  name: string;
  metrics: StoredMetric[];
  noise?: { foreignCores: number | null };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: compare-results <results.json> ...');
  process.exit(2);
}
const columns = files.map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { reports: StoredReport[] }).reports);
const rows = new Map<string, (string | null)[]>();
columns.forEach((reports, i) => {
  for (const report of reports) {
    const cells = [...report.metrics.map((m) => [`${report.name} | ${m.label}`, m.median === null ? '–' : `${m.median} ${m.unit}`] as const)];
    cells.push([`${report.name} | (noise) other processes' CPU, cores`, String(report.noise?.foreignCores ?? '–')]);
    for (const [key, value] of cells) {
      const row = rows.get(key) ?? files.map(() => null);
      row[i] = value;
      rows.set(key, row);
    }
  }
});
console.log(`| scenario | metric | ${files.map((f) => basename(f, '.json')).join(' | ')} |`);
console.log(`|---|---|${files.map(() => '---').join('|')}|`);
for (const [key, values] of rows) console.log(`| ${key} | ${values.map((v) => v ?? '').join(' | ')} |`);
