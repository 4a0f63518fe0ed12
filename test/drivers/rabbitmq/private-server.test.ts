/**
 * A private rabbitmq-server whose start fails removes its temp folder and says why in its error:
 * the end of what it printed. A stand-in `rabbitmq-server` fails the start at once.
 */
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fakeOnPath, printLines } from '../../infra/helpers/fake-binary.js';
import { PrivateRabbit } from './private-server.js';

it('private rabbit - a failed start throws the last 40 lines of its output and removes its folder', { timeout: 20_000 }, async () => {
  fakeOnPath('rabbitmq-server', [printLines(60, 'BOOT FAILED'), 'echo "data in $RABBITMQ_MNESIA_BASE"', 'exit 1'].join('\n'));
  const error = await PrivateRabbit.start().then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  expect(error?.message).toMatch(/^rabbitmq-server \(outrigger-test-\S+\) exited with 1; last 40 lines of server\.out:\n/);
  expect(error?.message).toContain('\nline 23\n');
  expect(error?.message).not.toContain('\nline 22\n');
  expect(error?.message).toContain('\nBOOT FAILED\n');
  const dir = /data in (\S+)\/mnesia\n/.exec(error?.message ?? '')?.[1];
  expect(dir).toMatch(/outrigger-rabbitmq-/);
  expect(existsSync(dir!)).toBe(false);
});
