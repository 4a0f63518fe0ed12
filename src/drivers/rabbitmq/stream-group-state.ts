/**
 * What the members of a consumer group share on the broker, beside the owner locks
 * (stream-locks.ts):
 *   - checkpoints: per partition a small stream queue `<stream>.partition.<p>.group.<group>`
 *     (durable, x-max-length-bytes 1 MB) that only the partition's owner appends to, a record
 *     per checkpoint; the newest record is the checkpoint. It is read from its last chunk to its
 *     end (the same round trips as the tail, stream-tail.ts), so it is exact, survives restarts of
 *     sidecars and of the broker, and costs one small record per checkpoint. A `start` record
 *     fixes where a group beginning at `latest` starts, so that a restart before the first
 *     checkpoint neither skips nor repeats.
 *   - members: each member's heartbeat, sent to the fanout exchange
 *     `<stream>.group.<group>.members` (auto-delete: it goes with the last member) that every
 *     member reads through an exclusive queue of its own. A member is live while its last heartbeat came less than the lease ago (by the
 *     reader's clock); one that leaves says so.
 */
import { randomUUID } from 'node:crypto';
import type { AsyncMessage, Channel } from 'rabbitmq-client';
import type { RabbitmqContext } from './context.js';
import { write } from './publisher.js';
import { StreamCursor } from './stream-cursor.js';
import { declareAlone, queueExists } from './stream-declare.js';
import { checkpointQueue, membersExchange, streamHeaders } from './stream-records.js';

export interface CheckpointRecord {
  kind: 'checkpoint' | 'start';
  /** checkpoint: done up to and including it; start: the group starts after it. */
  offset: number;
}

const prefetch = 100;
/** A checkpoint queue gets its first record right after it is declared; this bounds one whose writer died in between. */
const firstRecordWaitMs = 2000;

export class GroupCheckpoints {
  readonly #ctx: RabbitmqContext;
  readonly #stream: string;
  readonly #group: string;
  readonly #declared = new Set<number>();

  constructor(ctx: RabbitmqContext, stream: string, group: string) {
    this.#ctx = ctx;
    this.#stream = stream;
    this.#group = group;
  }

  async read(partition: number): Promise<CheckpointRecord | undefined> {
    const queue = checkpointQueue(this.#stream, this.#group, partition);
    if (!(await queueExists(this.#ctx.connection, queue))) return undefined;
    const cursor = await StreamCursor.open(this.#ctx.connection, queue, 'last', prefetch);
    try {
      await cursor.wait(firstRecordWaitMs);
      let newest: AsyncMessage | undefined;
      for (;;) {
        newest = cursor.take().at(-1)?.message ?? newest;
        await cursor.barrier();
        if (cursor.buffered < cursor.prefetch) break;
      }
      newest = cursor.take().at(-1)?.message ?? newest;
      return newest === undefined ? undefined : parse(newest);
    } finally {
      await cursor.close();
    }
  }

  /** Appends a record (confirmed). Only the partition's owner calls it. */
  async write(partition: number, record: CheckpointRecord): Promise<void> {
    const queue = checkpointQueue(this.#stream, this.#group, partition);
    if (!this.#declared.has(partition)) {
      await declareAlone(this.#ctx.connection, {
        queue,
        durable: true,
        arguments: { 'x-queue-type': 'stream', 'x-max-length-bytes': 1_000_000, 'x-stream-max-segment-size-bytes': 250_000 },
      });
      this.#declared.add(partition);
    }
    const name = record.kind === 'checkpoint' ? streamHeaders.checkpoint : streamHeaders.start;
    await write(this.#ctx, [{ envelope: { exchange: '', routingKey: queue, durable: true, headers: { [name]: String(record.offset) } }, data: new Uint8Array() }]);
  }

  /** Deletes the group's checkpoint queues (tests). */
  async delete(partitions: number): Promise<void> {
    for (let p = 0; p < partitions; p++) await this.#ctx.connection.queueDelete({ queue: checkpointQueue(this.#stream, this.#group, p) }).catch(() => undefined);
  }
}

function parse(message: AsyncMessage): CheckpointRecord | undefined {
  const checkpoint = message.headers?.[streamHeaders.checkpoint];
  if (checkpoint !== undefined) return { kind: 'checkpoint', offset: Number(checkpoint) };
  const start = message.headers?.[streamHeaders.start];
  if (start !== undefined) return { kind: 'start', offset: Number(start) };
  return undefined;
}

const memberHeader = 'outrigger-member';
const leavingHeader = 'outrigger-leaving';

export class GroupMembers {
  readonly #ctx: RabbitmqContext;
  readonly #exchange: string;
  readonly #me: string;
  /** Member → when its last heartbeat arrived (this process's clock). */
  readonly #seen = new Map<string, number>();
  #channel: Channel | undefined;

  constructor(ctx: RabbitmqContext, stream: string, group: string, me: string) {
    this.#ctx = ctx;
    this.#exchange = membersExchange(stream, group);
    this.#me = me;
  }

  /** Sends a heartbeat, listening first (again, after a lost channel). */
  async beat(): Promise<void> {
    if (this.#channel?.active !== true) await this.#listen();
    await this.#send({});
  }

  /** The live members, this one included. */
  live(leaseMs: number): string[] {
    const now = Date.now();
    const live = new Set([this.#me]);
    for (const [member, at] of this.#seen) {
      if (now - at < leaseMs) live.add(member);
      else if (now - at > leaseMs * 10) this.#seen.delete(member);
    }
    return [...live];
  }

  async leave(): Promise<void> {
    await this.#send({ [leavingHeader]: '1' }).catch(() => undefined);
    if (this.#channel?.active === true) await this.#channel.close().catch(() => undefined);
  }

  async #listen(): Promise<void> {
    const channel = await this.#ctx.connection.acquire();
    this.#channel = channel;
    await channel.exchangeDeclare({ exchange: this.#exchange, type: 'fanout', durable: false, autoDelete: true });
    const { queue } = await channel.queueDeclare({ queue: `${this.#exchange}.${randomUUID()}`, exclusive: true, autoDelete: true });
    await channel.queueBind({ queue, exchange: this.#exchange });
    await channel.basicConsume({ queue, noAck: true }, (message) => {
      const member = message.headers?.[memberHeader];
      if (typeof member !== 'string' || member === this.#me) return;
      if (message.headers?.[leavingHeader] !== undefined) this.#seen.delete(member);
      else this.#seen.set(member, Date.now());
    });
  }

  /**
   * On the member's own channel, unconfirmed (a lost heartbeat only delays), so that a publish to
   * an exchange gone meanwhile (every member left) closes this channel, not the driver's publisher.
   */
  async #send(extra: Record<string, string>): Promise<void> {
    const channel = this.#channel;
    if (channel?.active !== true) return;
    await channel.basicPublish({ exchange: this.#exchange, routingKey: '', headers: { [memberHeader]: this.#me, ...extra } }, '');
  }
}
