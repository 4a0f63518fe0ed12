/**
 * What every API request passes, whatever its protocol: the API token, the in-flight limit, the
 * API metrics (requests, latency, in flight) and the activity that shutdown waits on. Each
 * protocol has its own Admission, so each has its own in-flight count; the rule is the same, and
 * the activity is shared.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from '../../config/types.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { Metrics } from '../../observability/metrics.js';
import { counterSeries, histogramSeries, type CounterSeries, type HistogramSeries } from '../../observability/series.js';
import type { ApiActivity } from './activity.js';

export interface AdmissionOptions {
  protocol: 'http' | 'grpc' | 'dapr' | 'dapr-grpc';
  server: Pick<ServerConfig, 'apiToken' | 'maxInFlightRequests'>;
  metrics: Metrics;
  /** Tells a caller without the token how to send it in this protocol. */
  tokenHint: string;
  activity: ApiActivity;
}

/** One request from arrival to answer; `interaction` and `resource` label its metrics. */
export interface Ticket {
  interaction: string;
  resource: string;
  /** Counts the request with its outcome (`ok` or an error code). Idempotent. */
  end(outcome: string): void;
}

/** The API metrics' series of one interaction, resource and outcome. */
interface ApiSeries {
  requests: CounterSeries;
  latency: HistogramSeries;
}

export class Admission {
  private readonly tokenDigest: Buffer | null;
  private inFlight = 0;
  /** By interaction, resource and outcome. */
  private readonly apiSeries = new Map<string, Map<string, Map<string, ApiSeries>>>();

  constructor(private readonly options: AdmissionOptions) {
    this.tokenDigest = options.server.apiToken === null ? null : digest(options.server.apiToken);
  }

  /**
   * Counts a request in flight from its arrival, before it is admitted. A long-lived one (a
   * stream that ends when draining starts) does not hold up the quiet-API wait at shutdown.
   */
  begin(interaction: string, longLived = false): Ticket {
    const { metrics, activity } = this.options;
    const started = performance.now();
    this.inFlight++;
    metrics.apiInFlight.inc();
    if (!longLived) activity.enter();
    let done = false;
    const ticket: Ticket = {
      interaction,
      resource: '',
      end: (outcome) => {
        if (done) return;
        done = true;
        this.inFlight--;
        metrics.apiInFlight.dec();
        if (!longLived) activity.leave();
        const series = this.series(ticket.interaction, ticket.resource, outcome);
        series.requests.inc();
        series.latency.observe((performance.now() - started) / 1_000);
      },
    };
    return ticket;
  }

  /** Found through maps of the label values, so that a request builds no labels object or key. */
  private series(interaction: string, resource: string, outcome: string): ApiSeries {
    let byResource = this.apiSeries.get(interaction);
    if (byResource === undefined) this.apiSeries.set(interaction, (byResource = new Map()));
    let byOutcome = byResource.get(resource);
    if (byOutcome === undefined) byResource.set(resource, (byOutcome = new Map()));
    let series = byOutcome.get(outcome);
    if (series === undefined) {
      const { metrics, protocol } = this.options;
      const labels = { protocol, interaction, resource, outcome };
      series = { requests: counterSeries(metrics.apiRequests, labels), latency: histogramSeries(metrics.apiLatency, labels) };
      byOutcome.set(outcome, series);
    }
    return series;
  }

  /**
   * Throws `unauthorized` unless `authorization` is `Bearer <the API token>` (when one is
   * configured), then `back_pressure` beyond maxInFlightRequests.
   */
  admit(authorization: string | undefined): void {
    if (this.tokenDigest !== null && !bearerMatches(authorization, this.tokenDigest)) {
      throw new OutriggerError('unauthorized', this.options.tokenHint);
    }
    const limit = this.options.server.maxInFlightRequests;
    if (this.inFlight > limit) {
      throw new OutriggerError('back_pressure', `more than ${limit} requests in flight; retry shortly`, { retryAfterSeconds: 1 });
    }
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Compares digests, so the comparison takes the same time whatever the token's length. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), expected);
}
