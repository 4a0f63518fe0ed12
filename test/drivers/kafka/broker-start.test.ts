/**
 * A private Kafka whose start fails removes its temp folder and says why in its error: the end of
 * the broker's log. A stand-in `java` fails the start at once (the formatting step succeeds).
 */
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fakeOnPath, printLines } from '../../infra/helpers/fake-binary.js';
import { KafkaTestBroker } from '../../infra/kafka/broker.js';

it('kafka test broker - a failed start throws the last 40 lines of its log and removes its folder', { timeout: 20_000 }, async () => {
  fakeOnPath('java', ['case "$*" in *StorageTool*) exit 0;; esac', printLines(60, 'fatal: cannot bind'), 'echo "started with $*"', 'exit 1'].join('\n'));
  const error = await KafkaTestBroker.start().then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  expect(error?.message).toMatch(/^Kafka exited with \d+; last 40 lines of server\.log:\n/);
  expect(error?.message).toContain('\nline 23\n');
  expect(error?.message).not.toContain('\nline 22\n');
  expect(error?.message).toContain('\nfatal: cannot bind\n');
  const dir = /started with .* (\S+)\/server\.properties$/.exec(error?.message ?? '')?.[1];
  expect(dir).toMatch(/outrigger-kafka-/);
  expect(existsSync(dir!)).toBe(false);
});
