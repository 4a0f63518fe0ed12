/**
 * deploy/: every overlay rendered by kustomize (kubectl's), and what it renders checked: the
 * Kubernetes API schema, no Secret value shipped, the Outrigger config valid with its secrets
 * supplied through the sidecar's env, and the sidecar exactly what `outrigger inject` writes.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as apps from 'kubernetes-models/apps/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { injectYaml } from '../../src/cli/inject/documents.js';
import { validateConfigFile } from '../../src/config/load.js';
import { undeclaredFields } from '../cli/k8s-fields.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

const deploy = fileURLToPath(new URL('../../deploy/', import.meta.url));
const overlays = readdirSync(join(deploy, 'overlays'));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const models: Record<string, Record<string, new (data: Json) => { validate(): void }>> = {
  v1: core as never,
  'apps/v1': apps as never,
  'policy/v1': policy as never,
  'networking.k8s.io/v1': networking as never,
};

/** Values shaped as each driver's settings checks want them; never real credentials. */
const placeholders: Record<string, string> = {
  SERVICEBUS_CONNECTION: 'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v',
  EVENTHUBS_CONNECTION: 'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v',
  EVENTGRID_KEY: 'a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=',
  EVENTGRID_WEBHOOK_SECRET: 'a-long-random-webhook-secret',
  CHECKPOINT_STORAGE: 'DefaultEndpointsProtocol=https;AccountName=example;AccountKey=a2V5;EndpointSuffix=core.windows.net',
  RABBITMQ_URL: 'amqps://user:password@rabbit.example:5671/shop',
  NATS_TOKEN: 'token',
  REDIS_URL: 'rediss://:password@redis.example:6380/0',
};

/** The broker driver each overlay is about (the base and embedded: none besides embedded). */
const overlayDriver: Record<string, string> = {
  servicebus: 'azure-servicebus',
  'servicebus-workload-identity': 'azure-servicebus',
  eventhubs: 'azure-eventhubs',
  'storage-queue': 'azure-storage-queue',
  eventgrid: 'azure-eventgrid',
  'kafka-eventhubs': 'kafka',
  rabbitmq: 'rabbitmq',
  nats: 'nats',
  redis: 'redis',
};

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function render(dir: string): { text: string; resources: Json[] } {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  const resources = (parseAllDocuments(text) as Array<{ toJS(): Json | null }>).map((d) => d.toJS()).filter((r): r is Json => r !== null);
  return { text, resources };
}

describe.skipIf(!kubectl)('deploy - every overlay renders and checks out', () => {
  it('deploy - there is an overlay per broker', () => {
    expect(overlays).toEqual(expect.arrayContaining(['embedded', 'servicebus', 'servicebus-workload-identity', 'eventhubs', 'storage-queue', 'rabbitmq', 'nats', 'redis', 'eventgrid', 'kafka-eventhubs']));
  });

  for (const overlay of ['../base', ...overlays]) {
    it(`deploy - ${overlay}`, () => {
      const { text, resources } = render(join(deploy, 'overlays', overlay));
      expect(resources.filter((r) => r['kind'] === 'Secret'), 'no Secret is shipped').toEqual([]);
      for (const resource of resources) {
        const Model = models[resource['apiVersion']]?.[resource['kind']];
        if (Model !== undefined) expect(() => new Model(resource).validate(), `${resource['kind']}/${resource['metadata'].name}`).not.toThrow();
      }
      const configMaps = resources.filter((r) => r['kind'] === 'ConfigMap');
      expect(configMaps).toHaveLength(1);
      const configMap = configMaps[0]!;
      const deployment = resources.find((r) => r['kind'] === 'Deployment')!;
      const pod = deployment['spec'].template.spec;
      expect(undeclaredFields(pod)).toEqual([]);
      expect(pod.volumes).toContainEqual({ name: 'outrigger-config', configMap: { name: configMap['metadata'].name } });

      // Every ${VAR} of the config reaches the sidecar from the Secret, and with them it is valid.
      const config = String(configMap['data']['outrigger.yaml']);
      const sidecar = (pod.initContainers as Json[]).find((c) => c['name'] === 'outrigger')!;
      const values = config.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
      const variables = [...values.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]!);
      for (const variable of variables) {
        expect(sidecar['env'], variable).toContainEqual({ name: variable, valueFrom: { secretKeyRef: { name: 'orders-outrigger-secrets', key: expect.any(String) } } });
      }
      const file = join(tempDir('deploy'), 'outrigger.yaml');
      writeFileSync(file, config);
      const result = validateConfigFile(file, Object.fromEntries(variables.map((v) => [v, placeholders[v] ?? 'x'])));
      expect(result.ok ? [] : result.problems).toEqual([]);
      // The overlay's own config is the one rendered, not a component's it replaced.
      const driver = overlayDriver[overlay];
      if (driver !== undefined) expect(values).toMatch(new RegExp(`driver: ${driver}\\b`));

      // deploy/ and inject agree: injecting what kustomize renders changes nothing.
      const injected = injectYaml(text, { image: sidecar['image'], configMap: configMap['metadata'].name, secret: 'orders-outrigger-secrets', appPort: null, gracePeriodSeconds: 30 });
      expect(injected.refused).toEqual([]);
      expect(injected.yaml).toBe(text);
    });
  }
});
