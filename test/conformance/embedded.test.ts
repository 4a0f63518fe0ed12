/** The conformance suite on the embedded broker, on a temp file. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDriver } from '../../src/drivers/embedded/index.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

describeDriverConformance('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'outrigger-conformance-'));
  // Short group intervals keep the takeover cases fast; everything else runs on defaults.
  const settings = { file: join(dir, 'broker.db'), groupHeartbeatMs: 50, groupLeaseMs: 500 };
  return trackedTarget(
    async () => {
      const driver = await createEmbeddedDriver({ name: 'conformance', settings, dataDir: dir });
      await driver.connect();
      return driver;
    },
    async () => {
      await rm(dir, { recursive: true, force: true });
    },
  );
});
