/**
 * Results files compared. With two files, the later against the earlier: each figure's change
 * and whether it is a regression beyond the noise the runs measured (bench/lib/compare.ts);
 * exits 1 when there is one. With more, their medians side by side, one column per file, to see
 * how much a figure moves between runs on a shared machine. Usage:
 *   node dist/bench/tools/compare-results.js EARLIER.json LATER.json
 *   node dist/bench/tools/compare-results.js A.json B.json C.json ...
 * `npm run bench -- --compare EARLIER.json` runs the bench first and compares its run.
 */
import { basename } from 'node:path';
import { compareResults, comparisonTable, readResults, type ComparedRow } from '../lib/compare.js';

// Also run as `npm run bench -- --compare A B` (bench/run.ts), whose flag is still in argv.
const files = process.argv.slice(2).filter((arg) => arg !== '--compare');
if (files.length < 2) {
  console.error('usage: compare-results <earlier.json> <later.json> [<more.json> ...]');
  process.exit(2);
}
if (files.length === 2) {
  const rows = compareResults(readResults(files[0]!), readResults(files[1]!));
  console.log(comparisonTable(rows, { before: basename(files[0]!, '.json'), after: basename(files[1]!, '.json') }));
  process.exit(summarise(rows) > 0 ? 1 : 0);
}
const columns = files.map((file) => readResults(file).reports);
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

function summarise(compared: readonly ComparedRow[]): number {
  const regressions = compared.filter((r) => r.verdict === 'regression');
  console.log(`\n${regressions.length} regression${regressions.length === 1 ? '' : 's'} beyond the measured noise${regressions.length === 0 ? '' : `: ${regressions.map((r) => `${r.scenario} / ${r.label}`).join('; ')}`}.`);
  return regressions.length;
}
