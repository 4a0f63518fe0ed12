/**
 * The conformance suite on the NATS JetStream driver, against the machine's nats-server with
 * JetStream (127.0.0.1:4222). It fails when the server does not answer. The streams the suite
 * creates (`<kind>~<fixture name>`, fixture names being `<prefix>-<run>-<n>`, with their `~dlq` and partition streams) are deleted at the end.
 */
import { createNatsDriver } from '../../src/drivers/nats/index.js';
import { deleteStreamsSince, natsUrl, plainNats } from '../infra/helpers/nats.js';
import { describeDriverConformance } from './suite.js';
import { trackedTarget } from './support.js';

describeDriverConformance('nats (nats-server with JetStream)', async () => {
  await (await plainNats()).close();
  const started = new Date();
  return trackedTarget(
    async () => {
      const driver = await createNatsDriver({ name: 'conformance', settings: { servers: natsUrl }, dataDir: '.' });
      await driver.connect();
      return driver;
    },
    async () => {
      await deleteStreamsSince(started, (name) => /^(queue|topic|stream)~[a-z]+-[0-9a-f]{8}-\d+/.test(name));
    },
  );
});
