/**
 * The four prom-client classes the sidecar uses, each from its own file: prom-client's index
 * also loads the Pushgateway client (https, zlib), the cluster aggregator and Summary with its
 * t-digest, none of which a sidecar uses. Their types are prom-client's own (prom-client-parts.d.ts).
 */
export { default as Counter } from 'prom-client/lib/counter.js';
export { default as Gauge } from 'prom-client/lib/gauge.js';
export { default as Histogram } from 'prom-client/lib/histogram.js';
export { default as Registry } from 'prom-client/lib/registry.js';
