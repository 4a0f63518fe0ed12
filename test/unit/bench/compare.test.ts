import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareResults, comparisonTable, readResults, type ResultsFile } from '../../../bench/lib/compare.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe('bench results compared with an earlier run', () => {
  const rows = compareResults(readResults(fixture('earlier.json')), readResults(fixture('later.json')));
  const verdictOf = (label: string): string | undefined => rows.find((r) => r.label === label)?.verdict;

  it('calls a change beyond the measured noise in the worse direction a regression', () => {
    // 210 -> 230 ms: +9.5 %, both runs' spread under 5 %.
    expect(verdictOf('spawn to ready')).toBe('regression');
    // 11,000 -> 8,100 msg/s: -26 %, beyond the earlier run's 18 % spread.
    expect(verdictOf('publish')).toBe('regression');
  });

  it('takes the direction from the target, else from the unit', () => {
    expect(verdictOf('RSS idle ratio')).toBe('improvement');
    // msg is neither a time nor a rate: a change, with no judgement.
    expect(verdictOf('pushes')).toBe('changed');
  });

  it('leaves changes within the noise floor alone, and lists figures that appeared or went', () => {
    expect(verdictOf('command')).toBe('within noise');
    expect(verdictOf('brand new')).toBe('new');
    expect(verdictOf('dropped figure')).toBe('gone');
  });

  it('widens the noise to the spread the runs showed', () => {
    const before: ResultsFile = { reports: [{ name: 's', metrics: [{ label: 'rate', unit: 'req/s', values: [80, 100, 120], median: 100 }] }] };
    const after: ResultsFile = { reports: [{ name: 's', metrics: [{ label: 'rate', unit: 'req/s', values: [70, 70, 70], median: 70 }] }] };
    const slightly: ResultsFile = { reports: [{ name: 's', metrics: [{ label: 'rate', unit: 'req/s', values: [65, 65, 65], median: 65 }] }] };
    // Spread 40 %: -30 % is noise, -35 % is too.
    expect(compareResults(before, after)[0]).toMatchObject({ verdict: 'within noise', noise: 0.4 });
    expect(compareResults(before, slightly)[0]!.verdict).toBe('within noise');
    const far: ResultsFile = { reports: [{ name: 's', metrics: [{ label: 'rate', unit: 'req/s', values: [50], median: 50 }] }] };
    expect(compareResults(before, far)[0]!.verdict).toBe('regression');
  });

  it('prints one row per figure with both medians, the change and the noise', () => {
    const table = comparisonTable(rows, { before: 'earlier', after: 'later' });
    expect(table).toContain('| startup | spawn to ready | 210 ms | 230 ms | +9.5 % | ±5 % | **regression** |');
    expect(table).toContain('| throughput | publish | 11,000 msg/s | 8,100 msg/s | -26.4 % | ±18 % | **regression** |');
  });

  it('runs as the compare tool over two files, exiting 1 on a regression (the build: npm run build)', () => {
    const tool = fileURLToPath(new URL('../../../dist/bench/tools/compare-results.js', import.meta.url));
    const result = spawnSync(process.execPath, [tool, fixture('earlier.json'), fixture('later.json')], { encoding: 'utf8' });
    expect(result.stdout).toContain('2 regressions beyond the measured noise');
    expect(result.status).toBe(1);
  });
});
