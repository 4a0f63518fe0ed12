/** A temp broker file and drivers on it, for the embedded-only tests. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createEmbeddedDriver, type EmbeddedDriver } from '../../src/drivers/embedded/index.js';

export interface TempBroker {
  dir: string;
  file: string;
  /** A connected driver on the file; settings add to the defaults given to tempBroker. */
  open(settings?: Record<string, unknown>): Promise<EmbeddedDriver>;
  /** A raw SQLite connection on the same file, for simulating other processes. */
  raw(): DatabaseSync;
  cleanup(): Promise<void>;
}

export async function tempBroker(defaults: Record<string, unknown> = {}): Promise<TempBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'outrigger-embedded-'));
  const file = join(dir, 'broker.db');
  const drivers: EmbeddedDriver[] = [];
  const raws: DatabaseSync[] = [];
  return {
    dir,
    file,
    async open(settings = {}) {
      const driver = await createEmbeddedDriver({ name: 'test', settings: { file, ...defaults, ...settings }, dataDir: dir });
      await driver.connect();
      drivers.push(driver);
      return driver;
    },
    raw() {
      const db = new DatabaseSync(file, { timeout: 5000 });
      raws.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(drivers.map((driver) => driver.close()));
      for (const db of raws) if (db.isOpen) db.close();
      if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}
