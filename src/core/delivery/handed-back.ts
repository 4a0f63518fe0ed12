/**
 * Messages an app was handed and then had taken back without an answer: a delivery released at
 * the end of the grace period, or held by a Consume client that went away. Such a release does not
 * count an attempt (stopping must never push a message towards its dead-letter limit), so the
 * attempt number alone cannot tell the app it has seen the message; this record does, and the
 * next delivery says `Outrigger-Redelivered: true`.
 *
 * Kept in memory, written to `<dataDir>/handed-back.json` at shutdown and read at start, so a
 * restarted sidecar still knows. Best effort: a data directory that cannot be written loses the
 * marks (logged once), never a message. Marks are forgotten once used, and after a week.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../observability/logger.js';

const forgetAfterMs = 7 * 24 * 3600_000;
/** Enough for every delivery a sidecar can hold at once, many times over. */
const maxMarks = 100_000;

export class HandedBack {
  /** `<place>\n<message id>` → when it was handed back; insertion-ordered, oldest first. */
  private readonly marks = new Map<string, number>();
  /** Marks made since start: the deliveries taken back from apps unfinished. */
  marked = 0;
  /** Changed since loaded: only then is the file written. */
  private dirty = false;
  /** Marks used up here, which the file may still hold. */
  private readonly used = new Set<string>();

  constructor(
    /** Where the marks survive a restart; undefined keeps them in memory only. */
    private readonly file: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** `place` names where the message waits: a queue, a topic subscription, or `stream:<stream>:<group>`. */
  mark(place: string, id: string): void {
    const key = `${place}\n${id}`;
    this.marked++;
    this.dirty = true;
    this.used.delete(key);
    this.marks.delete(key);
    this.marks.set(key, Date.now());
    if (this.marks.size > maxMarks) this.marks.delete(this.marks.keys().next().value!);
  }

  /** Whether the message was handed back before; the mark is used up. */
  take(place: string, id: string): boolean {
    const key = `${place}\n${id}`;
    const taken = this.marks.delete(key);
    if (taken) {
      this.dirty = true;
      this.used.add(key);
    }
    return taken;
  }

  async load(): Promise<void> {
    if (this.file === undefined) return;
    const stored = await readMarks(this.file);
    const now = Date.now();
    for (const [key, at] of stored) if (now - at < forgetAfterMs) this.marks.set(key, at);
  }

  /** Writes the marks, merged with any another sidecar sharing the directory wrote meanwhile. */
  async save(): Promise<void> {
    if (this.file === undefined || !this.dirty) return;
    try {
      const merged = new Map([...(await readMarks(this.file)), ...this.marks]);
      const now = Date.now();
      const kept = [...merged].filter(([key, at]) => now - at < forgetAfterMs && !this.used.has(key)).slice(-maxMarks);
      await mkdir(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ version: 1, marks: kept }));
      await rename(temporary, this.file);
    } catch (err) {
      this.logger.warn({ err, file: this.file }, 'could not record deliveries handed back; after a restart they will not be marked Outrigger-Redelivered');
    }
  }
}

async function readMarks(file: string): Promise<Array<[string, number]>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown; marks?: unknown };
    if (parsed.version !== 1 || !Array.isArray(parsed.marks)) return [];
    return parsed.marks.filter((entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number');
  } catch {
    return [];
  }
}
