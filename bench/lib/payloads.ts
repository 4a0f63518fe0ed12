/** Request bodies for the scenarios: fixed-size JSON, timestamped push bodies, CloudEvents batches. */

/** A JSON object of exactly `bytes` UTF-8 bytes: `fields` plus ASCII padding. */
export function jsonOfSize(bytes: number, fields: Record<string, string | number>): string {
  const head = JSON.stringify({ ...fields, pad: '' });
  const padding = Math.max(0, bytes - Buffer.byteLength(head));
  return `${head.slice(0, -2)}${'x'.repeat(padding)}"}`;
}

/** A push-benchmark body carrying the run tag and the scheduled send instant. */
export function timestampedBody(bytes: number, run: string, seq: number, sentNs: bigint): string {
  return jsonOfSize(bytes, { run, seq, sentNs: sentNs.toString() });
}

/**
 * Builds batches of `size` structured CloudEvents with ids unique per batch, cheaply: the JSON
 * is built once with a marker where the batch number goes and then joined around it.
 */
export function batchFactory(size: number, dataBytes: number, runId: string): (batchNo: number) => string {
  const marker = '\u0000BATCH\u0000';
  const events = Array.from({ length: size }, (_, i) => ({
    specversion: '1.0',
    id: `${runId}-${marker}-${i}`,
    source: 'outrigger-bench',
    type: 'bench.batch',
    datacontenttype: 'application/json',
    data: JSON.parse(jsonOfSize(dataBytes, { seq: i })) as unknown,
  }));
  const parts = JSON.stringify(events).split(JSON.stringify(marker).slice(1, -1));
  return (batchNo) => parts.join(String(batchNo));
}
