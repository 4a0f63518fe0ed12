/** Dapr pubsub components in dapr.resourcesPath become brokers, and what cannot is named. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfigFile } from '../../../src/config/load.js';
import { writeConfig } from './support.js';

function component(name: string, type: string, metadata: Record<string, string>, extra = ''): string {
  const fields = Object.entries(metadata).map(([key, value]) => `    - name: ${key}\n      value: "${value}"`).join('\n');
  return `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${fields}\n${extra}`;
}

/** A config whose dapr.resourcesPath is ./components beside it, holding these files. */
function withComponents(files: Record<string, string>, rest = ''): string {
  const path = writeConfig(`dapr: { resourcesPath: ./components }\n${rest}`);
  const folder = join(dirname(path), 'components');
  mkdirSync(folder);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  return path;
}

describe('config - dapr components', () => {
  it('config - dapr components of every translated pubsub type become brokers and pubsubs of their names', () => {
    const path = withComponents({
      'pubsub.yaml': [
        component('cache', 'pubsub.redis', { redisHost: '127.0.0.1:6379', redisPassword: 'p w', consumerID: 'x' }),
        component('stream', 'pubsub.kafka', { brokers: 'k1:9092, k2:9092', authType: 'none' }),
        component('rabbit', 'pubsub.rabbitmq', { connectionString: 'amqp://guest:guest@127.0.0.1:5672' }),
        component('jet', 'pubsub.jetstream', { natsURL: 'nats://127.0.0.1:4222' }),
        component('bus', 'pubsub.azure.servicebus.topics', { connectionString: '${SB}' }),
      ].join('---\n'),
    }, 'defaultBroker: cache\n');
    const env = { SB: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v' };
    const config = loadConfig({ path, env });
    expect(Object.fromEntries(Object.entries(config.brokers).map(([name, broker]) => [name, broker.driver]))).toEqual({
      cache: 'redis', stream: 'kafka', rabbit: 'rabbitmq', jet: 'nats', bus: 'azure-servicebus',
    });
    expect(config.dapr?.pubsubs).toMatchObject({ cache: { broker: 'cache' }, bus: { broker: 'bus' } });
    expect(config.dapr?.resourcesPath).toBe(join(dirname(path), 'components'));
  });

  it('config - dapr components that cannot be translated are named: the type, a field, a secretKeyRef, a state store', () => {
    const path = withComponents({
      'a.yaml': component('mq', 'pubsub.mqtt3', { url: 'tcp://x' }),
      'b.yaml': component('cache', 'pubsub.redis', { redisHost: 'h:6379', maxLenApprox: '100' }),
      'c.yaml': component('jet', 'pubsub.jetstream', {}, '    - name: natsURL\n      secretKeyRef: { name: s, key: k }\n'),
      'd.yaml': component('state', 'state.redis', { redisHost: 'h:6379' }),
      'e.yaml': component('stream', 'pubsub.kafka', { brokers: 'k:9092', authType: 'mtls' }),
    });
    const result = validateConfigFile(path, {});
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^dapr\.resourcesPath: .*a\.yaml: component 'mq': type pubsub\.mqtt3 is not translated; these are: pubsub\.redis/),
      expect.stringMatching(/b\.yaml: component 'cache': metadata 'maxLenApprox' has no Outrigger setting/),
      expect.stringMatching(/c\.yaml: component 'jet': 'natsURL' comes from a secretKeyRef/),
      expect.stringMatching(/d\.yaml: component 'state' is a state\.redis: only pubsub components are translated/),
      expect.stringMatching(/e\.yaml: component 'stream' \(pubsub\.kafka\): authType 'mtls'/),
    ]);
  });

  it('config - an Event Hubs component is translated (a hub-level connection string too), and refused as a pubsub: Event Hubs carries streams here, not topics', () => {
    const path = withComponents({
      'hub.yaml': component('hub', 'pubsub.azure.eventhubs', { connectionString: '${EH}', storageConnectionString: 'UseDevelopmentStorage=true', storageContainerName: 'checkpoints' }),
    });
    const result = validateConfigFile(path, { EH: 'Endpoint=sb://y.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=h' });
    expect(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([expect.stringMatching(/^dapr\.pubsubs\.hub\.broker: .*does not support topics/)]);
  });

  it('config - a translated component is checked like a written broker: its driver settings are validated', () => {
    const path = withComponents({ 'a.yaml': component('cache', 'pubsub.redis', { redisHost: 'h:6379' }) }, 'brokers: { cache: { driver: embedded } }\n');
    const result = validateConfigFile(path, {});
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([expect.stringContaining("brokers already has a broker of that name")]);
  });
});
