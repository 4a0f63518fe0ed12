import { describe, expect, it } from 'vitest';
import { partitionOwners } from '../../src/kernel/partition-split.js';

describe('partition split of a stream consumer group', () => {
  it('gives partition p to the sorted live members at p modulo their count', () => {
    expect(partitionOwners(5, ['b', 'a'])).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(partitionOwners(4, ['m3', 'm1', 'm2'])).toEqual(['m1', 'm2', 'm3', 'm1']);
  });

  it('gives every member the same split whatever order it read the members in', () => {
    const orders = [
      ['c', 'a', 'b'],
      ['b', 'c', 'a'],
      new Set(['a', 'b', 'c']),
    ];
    const splits = orders.map((live) => partitionOwners(7, live));
    for (const split of splits) expect(split).toEqual(splits[0]);
  });

  it('leaves members without a partition when there are more members than partitions', () => {
    expect(partitionOwners(2, ['d', 'c', 'b', 'a'])).toEqual(['a', 'b']);
  });

  it('wants no owner while nobody is live, and splits nothing without partitions', () => {
    expect(partitionOwners(3, [])).toEqual([undefined, undefined, undefined]);
    expect(partitionOwners(0, ['a'])).toEqual([]);
  });

  it('does not reorder the list it was given', () => {
    const live = ['b', 'a'];
    partitionOwners(2, live);
    expect(live).toEqual(['b', 'a']);
  });
});
