import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseAddress, parseDuration, parseSize, parseStreamStart } from '../../../src/config/units.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['2s', 2_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['1m30s', 90_000],
    ['1h1m1s1ms', 3_661_001],
    ['0', 0],
    ['0s', 0],
    ['1500', 1_500],
    [1500, 1_500],
    [0, 0],
  ] as const)('config - %j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', ' 5s', '5 s', '1.5s', '-5s', '5S', '5min', '5sec', 'ms', 's5', '5w', '1m 30s'])(
    'config - refuses %j with a message that shows the accepted forms',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/invalid duration .*ms, s, m, h, d/);
    },
  );

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('config - refuses the number %d', (value) => {
    expect(() => parseDuration(value)).toThrow(/non-negative whole number of milliseconds/);
  });

  it('config - refuses durations beyond exact integer arithmetic', () => {
    expect(() => parseDuration('99999999999999999999d')).toThrow(/too large/);
  });

  it('config - quotes the bad value in the message', () => {
    expect(() => parseDuration('5 minutes')).toThrow("invalid duration '5 minutes'");
  });
});

describe('parseSize', () => {
  it.each([
    ['512B', 512],
    ['256KiB', 262_144],
    ['1MiB', 1_048_576],
    ['1MB', 1_000_000],
    ['2KB', 2_000],
    ['1GiB', 1_073_741_824],
    ['1024', 1_024],
    [1024, 1_024],
    [0, 0],
  ] as const)('config - %j is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', '1 MiB', '1mb', '1Mib', '1.5MiB', '-1B', 'MiB', '1TB', '1b'])('config - refuses %j', (text) => {
    expect(() => parseSize(text)).toThrow(/invalid size .*KiB/);
  });

  it.each([-1, 0.5, Number.NaN])('config - refuses the number %d', (value) => {
    expect(() => parseSize(value)).toThrow(/non-negative whole number of bytes/);
  });
});

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1:7700', { host: '127.0.0.1', port: 7700 }],
    ['[::1]:7701', { host: '::1', port: 7701 }],
    [':7702', { host: '', port: 7702 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535 }],
  ] as const)('config - %j', (text, address) => {
    expect(parseAddress(text)).toEqual(address);
  });

  it.each(['7700', '127.0.0.1', '::1:7700', 'host:port', 'host:123456', 'a b:80'])('config - refuses %j', (text) => {
    expect(() => parseAddress(text)).toThrow(/invalid address/);
  });

  it('config - refuses a port above 65535, naming the range', () => {
    expect(() => parseAddress(':65536')).toThrow('port 65536 is out of range 0..65535');
  });
});

describe('formatting', () => {
  it('config - durations print in the largest exact units', () => {
    expect([0, 250, 30_000, 90_000, 604_800_000, 1_001].map(formatDuration)).toEqual(['0s', '250ms', '30s', '1m30s', '7d', '1s1ms']);
  });

  it('config - sizes print in the largest exact binary unit', () => {
    expect([512, 1_024, 1_048_576, 1_000_000].map(formatSize)).toEqual(['512B', '1KiB', '1MiB', '1000000B']);
  });

  it('config - formatted values parse back to themselves', () => {
    for (const ms of [1, 999, 61_001, 86_400_000 + 1]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

describe('parseStreamStart', () => {
  it.each([
    ['earliest', { kind: 'earliest' }],
    ['latest', { kind: 'latest' }],
    ['2026-11-01T00:00:00Z', { kind: 'time', time: Date.UTC(2026, 10, 1) }],
    ['2026-11-01t00:00:00.250z', { kind: 'time', time: Date.UTC(2026, 10, 1, 0, 0, 0, 250) }],
    ['2026-11-01T01:30:00+01:30', { kind: 'time', time: Date.UTC(2026, 10, 1) }],
    ['2026-10-31T19:00:00-05:00', { kind: 'time', time: Date.UTC(2026, 10, 1) }],
    ['2024-02-29T00:00:00Z', { kind: 'time', time: Date.UTC(2024, 1, 29) }],
  ])('%s', (text, expected) => {
    expect(parseStreamStart(text)).toEqual(expected);
  });

  it.each(['Earliest', '2026-11-01', '2026-11-01T00:00:00', '2026-11-01T00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T00:00:00+24:00'])(
    'refuses %s',
    (text) => {
      expect(() => parseStreamStart(text)).toThrow(/invalid time .*RFC 3339/);
    },
  );
});
