/**
 * Fetching records of chosen partitions from chosen offsets, and resolving positions (earliest,
 * latest, a time) to offsets with ListOffsets. The client keeps one incremental fetch session
 * (KIP-227) per broker node and consumer, which concurrent fetches would corrupt, so fetches of
 * one Fetcher to one node run one at a time.
 */
import type { Consumer } from '@platformatic/kafka';
import type { StreamPosition } from '../contract.js';
import type { RawRecord } from './codec.js';
import { kafkaCode } from './errors.js';

/** Record batches whose attributes carry this bit are transaction markers, not records. */
const CONTROL_BATCH = 0b10_0000;
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

const EARLIEST = -2n;
const LATEST = -1n;

export interface FetchResult {
  records: Map<number, RawRecord[]>;
  /** Partitions whose offset was outside their log (before its start or past its end). */
  outOfRange: number[];
}

export class Fetcher {
  readonly consumer: Consumer;
  readonly #turns = new Map<number, Promise<unknown>>();

  constructor(consumer: Consumer) {
    this.consumer = consumer;
  }

  /** Partition count of a topic; throws (UNKNOWN_TOPIC_OR_PARTITION) when it does not exist. */
  async partitionCount(topic: string, fresh = false): Promise<number> {
    const metadata = await this.consumer.metadata({ topics: [topic], ...(fresh ? { forceUpdate: true } : {}) });
    const found = metadata.topics.get(topic);
    if (found === undefined) throw new Error(`no metadata for topic ${topic}`);
    return found.partitionsCount;
  }

  /** Offsets of `partitions` at a position: earliest, latest (the next offset) or the first at or after a time. */
  async offsets(topic: string, partitions: number[], position: Exclude<StreamPosition, { kind: 'offset' }>): Promise<Map<number, number>> {
    const timestamp = position.kind === 'earliest' ? EARLIEST : position.kind === 'latest' ? LATEST : BigInt(Math.max(0, Math.floor(position.time)));
    const found = await this.consumer.listOffsets({ topics: [topic], partitions: { [topic]: partitions }, timestamp });
    const list = found.get(topic) ?? [];
    const result = new Map<number, number>();
    let ends: Map<number, number> | undefined;
    for (const partition of partitions) {
      const offset = list[partition];
      // No record at or after the time: the position is the end of the partition.
      if (offset === undefined || offset < 0n) {
        ends ??= await this.offsets(topic, partitions, { kind: 'latest' });
        result.set(partition, ends.get(partition) ?? 0);
      } else result.set(partition, Number(offset));
    }
    return result;
  }

  /**
   * Records of each partition from its offset on, waiting up to `waitMs` for the first one.
   * `maxBytes` bounds each partition's share; the broker still returns one whole batch if it is larger.
   */
  async fetch(topic: string, from: Map<number, number>, waitMs: number, maxBytes: number): Promise<FetchResult> {
    this.consumer.topics.track(topic);
    const metadata = await this.consumer.metadata({ topics: [topic] });
    const info = metadata.topics.get(topic);
    if (info === undefined) throw new Error(`no metadata for topic ${topic}`);
    const byLeader = new Map<number, number[]>();
    for (const partition of from.keys()) {
      const leader = info.partitions[partition]?.leader ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition]);
    }
    const result: FetchResult = { records: new Map(), outOfRange: [] };
    await Promise.all(
      [...byLeader].map(([node, partitions]) =>
        this.#inTurn(node, async () => {
          const topics = [
            {
              topicId: info.id,
              partitions: partitions.map((partition) => ({
                partition,
                fetchOffset: BigInt(from.get(partition) ?? 0),
                partitionMaxBytes: maxBytes,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              })),
            },
          ];
          let response: FetchResponse;
          try {
            response = await this.consumer.fetch({ node, topics, maxWaitTime: waitMs, minBytes: 1, maxBytes: maxBytes * partitions.length });
          } catch (err) {
            if (kafkaCode(err, 'OFFSET_OUT_OF_RANGE') === undefined) throw err;
            result.outOfRange.push(...partitions);
            return;
          }
          for (const answer of response.responses) for (const part of answer.partitions) collect(topic, part, from.get(part.partitionIndex) ?? 0, result);
        }),
      ),
    );
    return result;
  }

  #inTurn<T>(node: number, work: () => Promise<T>): Promise<T> {
    const before = this.#turns.get(node) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    this.#turns.set(node, settled);
    void settled.then(() => {
      if (this.#turns.get(node) === settled) this.#turns.delete(node);
    });
    return mine;
  }
}

function collect(topic: string, part: FetchResponse['responses'][number]['partitions'][number], from: number, result: FetchResult): void {
  const records: RawRecord[] = result.records.get(part.partitionIndex) ?? [];
  for (const batch of part.records ?? []) {
    if ((batch.attributes & CONTROL_BATCH) !== 0) continue;
    for (const record of batch.records) {
      const offset = Number(batch.firstOffset) + record.offsetDelta;
      // A fetch returns whole batches: records before the asked-for offset were read already.
      if (offset < from) continue;
      records.push({
        topic,
        partition: part.partitionIndex,
        offset,
        timestamp: Number(batch.firstTimestamp + record.timestampDelta),
        key: record.key,
        value: record.value,
        headers: record.headers,
      });
    }
  }
  if (records.length > 0) result.records.set(part.partitionIndex, records);
}
