/**
 * What the members of one consumer group share, in a small stream of their own
 * (`stream~<stream>~group~<group>`, one message kept per subject):
 *   - `member.<id>`: each member's heartbeat. A member is live while its heartbeat is less than
 *     the lease older than the newest one, both stamped by the server (no clock of ours compared);
 *   - `owner.<p>`: who owns partition p (a member id, or empty once given up). It is only ever
 *     written with the sequence its writer last read (Nats-Expected-Last-Subject-Sequence), so
 *     two members can never both take a partition: the second write is refused.
 */
import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsContext } from './context.js';
import { ensureStream } from './entities.js';
import { groupStateStream, groupStateSubject } from './names.js';

export interface Owner {
  /** Sequence of the record, for the next compare-and-set (0: never written). */
  seq: number;
  /** The owning member, or '' when free. */
  member: string;
}

const utf8 = new TextDecoder();

export class GroupState {
  readonly #ctx: NatsContext;
  readonly #name: string;
  readonly #root: string;

  constructor(ctx: NatsContext, stream: string, group: string) {
    this.#ctx = ctx;
    this.#name = groupStateStream(stream, group);
    this.#root = groupStateSubject(stream, group);
  }

  async ensure(): Promise<void> {
    await ensureStream(this.#ctx, {
      name: this.#name,
      subjects: [`${this.#root}.>`],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_msgs_per_subject: 1,
      storage: StorageType.File,
      num_replicas: this.#ctx.settings.replicas,
    });
  }

  async beat(member: string): Promise<void> {
    await this.#ctx.js.publish(`${this.#root}.member.${member}`, member);
  }

  /** The live members, and forgets members dead for long. */
  async live(leaseMs: number): Promise<string[]> {
    const prefix = `${this.#root}.member.`;
    const info = await this.#ctx.jsm.streams.info(this.#name, { subjects_filter: `${prefix}*` });
    const records = await Promise.all(Object.keys(info.state.subjects ?? {}).map((subject) => this.#ctx.jsm.streams.getMessage(this.#name, { last_by_subj: subject }).catch(() => null)));
    const newest = Math.max(0, ...records.map((record) => record?.time.getTime() ?? 0));
    const live: string[] = [];
    for (const record of records) {
      if (record === null) continue;
      const age = newest - record.time.getTime();
      if (age < leaseMs) live.push(record.subject.slice(prefix.length));
      else if (age > leaseMs * 10) await this.#ctx.jsm.streams.purge(this.#name, { filter: record.subject }).catch(() => undefined);
    }
    return live;
  }

  async owners(partitions: number): Promise<Owner[]> {
    return Promise.all(
      Array.from({ length: partitions }, async (_, partition) => {
        const record = await this.#ctx.jsm.streams.getMessage(this.#name, { last_by_subj: `${this.#root}.owner.${partition}` }).catch(() => null);
        return record === null ? { seq: 0, member: '' } : { seq: record.seq, member: utf8.decode(record.data) };
      }),
    );
  }

  /** Writes the owner of a partition if nobody wrote it since `expected`; false when someone did. */
  async setOwner(partition: number, member: string, expected: Owner): Promise<boolean> {
    try {
      await this.#ctx.js.publish(`${this.#root}.owner.${partition}`, member, { expect: { lastSubjectSequence: expected.seq } });
      return true;
    } catch (err) {
      // 10071: wrong last sequence, i.e. another member wrote it first.
      if ((err as { code?: number }).code === 10071 || /wrong last sequence/i.test(String(err))) return false;
      throw err;
    }
  }

  /** A member leaving: its heartbeat goes, so the others take its partitions at once. */
  async leave(member: string): Promise<void> {
    await this.#ctx.jsm.streams.purge(this.#name, { filter: `${this.#root}.member.${member}` });
  }
}
