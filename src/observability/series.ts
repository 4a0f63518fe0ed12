/**
 * One labelled series of a Counter, Gauge or Histogram, counted without prom-client working out the
 * series' key from its labels on every call. prom-client 15 builds that key string per inc and
 * observe (a histogram also a closure and an object), `labels()` children included, and the API
 * and broker metrics count every request: all of it was young-generation garbage.
 *
 * The key is prom-client's own (its hashObject), worked out once. The first update of a series
 * takes prom-client's public path, which creates the series and checks the labels; later ones
 * update its entry in place, as prom-client's own inc and observe do. Should the entry be gone
 * (a reset or remove), or not look as this expects, the update takes the public path again, so
 * the figures stay prom-client's. series.test.ts compares both paths' exposition.
 */
import { hashObject } from 'prom-client/lib/util.js';
import type { Counter, Gauge, Histogram, LabelValues } from 'prom-client';

/** A counter's or gauge's. */
interface ValueEntry {
  value: number;
}

interface HistogramEntry {
  sum: number;
  count: number;
  bucketValues: Record<string, number>;
}

/** What prom-client keeps on a metric (lib/metric.js, lib/histogram.js). */
interface MetricState<E> {
  hashMap: Record<string, E | undefined>;
  sortedLabelNames: string[];
  upperBounds?: readonly number[];
  enableExemplars?: boolean;
}

export interface CounterSeries {
  inc(): void;
}

export interface GaugeSeries {
  inc(): void;
  dec(): void;
}

export interface HistogramSeries {
  observe(value: number): void;
}

export function counterSeries(counter: Counter, labels: LabelValues<string>): CounterSeries {
  const entry = valueEntry(counter, labels);
  return { inc: adder(entry, 1, () => counter.inc(labels)) };
}

export function gaugeSeries(gauge: Gauge, labels: LabelValues<string>): GaugeSeries {
  const entry = valueEntry(gauge, labels);
  return { inc: adder(entry, 1, () => gauge.inc(labels)), dec: adder(entry, -1, () => gauge.dec(labels)) };
}

/** Adds `delta` to the series' entry, or takes the public path when there is none to update. */
function adder(entry: () => ValueEntry | undefined, delta: number, viaPublicPath: () => void): () => void {
  return () => {
    const found = entry();
    if (found === undefined) viaPublicPath();
    else found.value += delta;
  };
}

/** Finds the series' entry of a counter or gauge, undefined when it takes the public path. */
function valueEntry(metric: Counter | Gauge, labels: LabelValues<string>): () => ValueEntry | undefined {
  const state = metric as unknown as MetricState<ValueEntry>;
  const key = hashObject(labels, state.sortedLabelNames);
  return () => {
    const entry = state.enableExemplars === true ? undefined : state.hashMap[key];
    return entry !== undefined && typeof entry.value === 'number' ? entry : undefined;
  };
}

export function histogramSeries(histogram: Histogram, labels: LabelValues<string>): HistogramSeries {
  const state = histogram as unknown as MetricState<HistogramEntry>;
  const key = hashObject(labels, state.sortedLabelNames);
  const bounds = state.upperBounds ?? [];
  // prom-client keys its bucket counts by the bound as a property name: the same strings, made once.
  const boundKeys = bounds.map(String);
  const usable = (entry: HistogramEntry | undefined): entry is HistogramEntry =>
    entry !== undefined && typeof entry.sum === 'number' && typeof entry.count === 'number' && typeof entry.bucketValues === 'object' && entry.bucketValues !== null;
  return {
    observe(value: number): void {
      const entry = state.enableExemplars === true ? undefined : state.hashMap[key];
      if (!usable(entry) || !Number.isFinite(value)) {
        histogram.observe(labels, value);
        return;
      }
      entry.sum += value;
      entry.count += 1;
      for (let i = 0; i < bounds.length; i++) {
        if (value <= (bounds[i] as number)) {
          const bound = boundKeys[i] as string;
          if (Object.hasOwn(entry.bucketValues, bound)) entry.bucketValues[bound] = (entry.bucketValues[bound] as number) + 1;
          return;
        }
      }
    },
  };
}
