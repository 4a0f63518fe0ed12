import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HandedBack } from '../../src/core/delivery/handed-back.js';
import { createLogger } from '../../src/observability/logger.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

function logged(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('handed back - what an app had and gave back uncounted', () => {
  it('handed back - a mark is used once, and survives a restart through the file', async () => {
    const file = join(tempDir('handed'), 'handed-back.json');
    const first = new HandedBack(file, logged().logger);
    await first.load();
    first.mark('jobs', 'a');
    first.mark('stream:ticks:g', 'a');
    expect(first.marked).toBe(2);
    await first.save();

    const second = new HandedBack(file, logged().logger);
    await second.load();
    expect(second.take('other', 'a')).toBe(false);
    expect(second.take('jobs', 'a')).toBe(true);
    expect(second.take('jobs', 'a')).toBe(false);
    await second.save();

    const third = new HandedBack(file, logged().logger);
    await third.load();
    expect(third.take('jobs', 'a')).toBe(false);
    expect(third.take('stream:ticks:g', 'a')).toBe(true);
  });

  it('handed back - writes nothing when nothing changed, keeps what another sidecar wrote, forgets week-old marks', async () => {
    const dir = tempDir('handed');
    const file = join(dir, 'handed-back.json');
    const quiet = new HandedBack(file, logged().logger);
    await quiet.save();
    expect(() => readFileSync(file)).toThrow();

    const mine = new HandedBack(file, logged().logger);
    await mine.load();
    writeFileSync(file, JSON.stringify({ version: 1, marks: [['jobs\nother', Date.now()], ['jobs\nold', Date.now() - 8 * 24 * 3600_000]] }));
    mine.mark('jobs', 'mine');
    await mine.save();
    const stored = (JSON.parse(readFileSync(file, 'utf8')) as { marks: Array<[string, number]> }).marks.map(([key]) => key);
    expect(stored.sort()).toEqual(['jobs\nmine', 'jobs\nother']);
  });

  it('handed back - an unwritable place loses the marks with a warning, never throws', async () => {
    const { logger, lines } = logged();
    const blocked = join(tempDir('handed'), 'file');
    writeFileSync(blocked, 'not a directory');
    const record = new HandedBack(join(blocked, 'handed-back.json'), logger);
    record.mark('jobs', 'a');
    await record.save();
    logger.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.join('')).toContain('could not record deliveries handed back');
  });
});
