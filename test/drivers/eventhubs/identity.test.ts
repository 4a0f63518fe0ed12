/**
 * Namespace + DefaultAzureCredential (Kubernetes workload identity) as the alternative to
 * connection strings, for the hubs and for the blob checkpoint store. Live Entra ID cannot be
 * reached here: these tests check that config accepts it, that the clients are built on the
 * credential, and that a pod without an identity fails at start with an error that says what to set.
 */
import { DefaultAzureCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { checkpointContainerClient, consumerClient, producerClient } from '../../../src/drivers/azure-eventhubs/clients.js';
import { createEventHubsDriver } from '../../../src/drivers/azure-eventhubs/index.js';
import { parseEventHubsSettings } from '../../../src/drivers/azure-eventhubs/settings.js';
import { defaultAzureCredential } from '../../../src/drivers/azure/identity.js';
import { expectCode } from '../../conformance/support.js';
import { settingsProblems, withoutAzureIdentity } from '../../infra/helpers/azure-identity.js';
import { problemsOf, writeConfig } from '../../unit/config/support.js';

withoutAzureIdentity();

function configWith(hub: string): string {
  return writeConfig(`app: { id: orders, url: "http://127.0.0.1:8080" }\nbrokers:\n  hub: ${hub}\nstreams:\n  telemetry: { broker: hub, partitions: 4 }\n`);
}

function problems(settings: Record<string, unknown>): Promise<string[]> {
  return settingsProblems(createEventHubsDriver({ name: 'hub', settings, dataDir: '.' }));
}

describe('eventhubs identity - config', () => {
  it('config - a namespace with clientId and checkpointAccountUrl is accepted in place of connection strings', () => {
    const config = loadConfig({
      path: configWith('{ driver: azure-eventhubs, namespace: shop.servicebus.windows.net, clientId: "${CLIENT}", checkpointAccountUrl: "https://shopckpt.blob.core.windows.net" }'),
      env: { CLIENT: 'abc' },
    });
    expect(config.brokers['hub']).toMatchObject({
      driver: 'azure-eventhubs',
      settings: { namespace: 'shop.servicebus.windows.net', clientId: 'abc', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net' },
    });
  });

  it('config - an unknown setting next to namespace is a config problem that names it', () => {
    const found = problemsOf(() => loadConfig({ path: configWith('{ driver: azure-eventhubs, namespace: shop.servicebus.windows.net, checkpointAcountUrl: "https://x.blob.core.windows.net" }'), env: {} }));
    expect(found.map((p) => p.path).join(' ')).toMatch(/brokers\.hub/);
  });

  it('settings - namespace is normalised and the account URL loses its trailing slash', () => {
    const settings = parseEventHubsSettings({
      name: 'hub',
      settings: { namespace: 'sb://shop.servicebus.windows.net/', clientId: 'abc', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net/' },
      dataDir: '.',
    });
    expect(settings.auth).toEqual({ kind: 'namespace', namespace: 'shop.servicebus.windows.net' });
    expect(settings).toMatchObject({ clientId: 'abc', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net', checkpointStorage: undefined });
  });

  it('settings - a bare name, clientId with connection strings only, both auths and both checkpoint stores are each reported, all at once', async () => {
    expect(await problems({ namespace: 'shop' })).toEqual([expect.stringContaining('fully qualified namespace, e.g. shop.servicebus.windows.net')]);
    expect(await problems({ connectionString: 'Endpoint=sb://x/', clientId: 'abc' })).toEqual([expect.stringContaining('clientId applies only with namespace or checkpointAccountUrl')]);
    expect(await problems({ connectionString: 'Endpoint=sb://x/', namespace: 'shop.servicebus.windows.net' })).toEqual([expect.stringContaining('either connectionString or namespace')]);
    const all = await problems({
      namespace: 'shop',
      checkpointStorage: 'UseDevelopmentStorage=true',
      checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net',
    });
    expect(all).toEqual([expect.stringContaining('fully qualified namespace'), expect.stringContaining('either checkpointStorage (a connection string) or checkpointAccountUrl')]);
  });

  it('settings - checkpointAccountUrl must be an https blob service URL without a path', async () => {
    for (const url of ['http://shopckpt.blob.core.windows.net', 'https://shopckpt.blob.core.windows.net/outrigger-checkpoints', 'not a url', 'https://shopckpt.blob.core.windows.net?sv=1']) {
      expect(await problems({ namespace: 'shop.servicebus.windows.net', checkpointAccountUrl: url })).toEqual([expect.stringContaining('checkpointAccountUrl must be the blob service URL, https://<account>.blob.core.windows.net')]);
    }
  });
});

describe('eventhubs identity - clients', () => {
  it('clients - with a credential the producer, readers and checkpoint container are built on it for the namespace and account', async () => {
    const credential = await defaultAzureCredential('abc');
    expect(credential).toBeInstanceOf(DefaultAzureCredential);
    const connection = { kind: 'credential' as const, namespace: 'shop.servicebus.windows.net', credential };
    const producer = producerClient(connection, 'telemetry', {});
    const reader = consumerClient(connection, '$Default', 'telemetry', undefined, {});
    try {
      expect(producer.fullyQualifiedNamespace).toBe('shop.servicebus.windows.net');
      expect(producer.eventHubName).toBe('telemetry');
      expect(reader.fullyQualifiedNamespace).toBe('shop.servicebus.windows.net');
      expect(reader.eventHubName).toBe('telemetry');
    } finally {
      await Promise.all([producer.close(), reader.close()]);
    }
    const settings = parseEventHubsSettings({ name: 'hub', settings: { namespace: 'shop.servicebus.windows.net', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net' }, dataDir: '.' });
    const container = checkpointContainerClient(settings, credential);
    expect(container?.url).toBe('https://shopckpt.blob.core.windows.net/outrigger-checkpoints');
    expect(container?.containerName).toBe('outrigger-checkpoints');
    expect(container?.credential).toBe(credential);
  });

  it('clients - connection strings stay as they were: no credential involved', async () => {
    const connection = { kind: 'connectionString' as const, connectionString: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v' };
    const producer = producerClient(connection, 'telemetry', {});
    expect(producer.fullyQualifiedNamespace).toBe('127.0.0.1');
    await producer.close();
    const settings = parseEventHubsSettings({ name: 'hub', settings: { connectionString: connection.connectionString, checkpointStorage: 'UseDevelopmentStorage=true' }, dataDir: '.' });
    const container = checkpointContainerClient(settings, undefined);
    expect(container?.credential).not.toBeInstanceOf(DefaultAzureCredential);
    expect(container?.containerName).toBe('outrigger-checkpoints');
    expect(checkpointContainerClient({ ...settings, checkpointStorage: undefined }, undefined)).toBeUndefined();
  });
});

describe('eventhubs identity - connect', () => {
  it('connect - without any identity, a namespace fails at start naming the workload identity variables and roles', async () => {
    const driver = await createEventHubsDriver({ name: 'hub', settings: { namespace: 'shop.servicebus.windows.net', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net' }, dataDir: '.' });
    const error = await expectCode(driver.connect(AbortSignal.timeout(20_000)), 'broker_unavailable');
    expect(error.message).toMatch(/azure-eventhubs broker 'hub': no Azure credential for namespace 'shop.servicebus.windows.net'.*AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE/);
    expect(error.message).toMatch(/Azure Event Hubs Data Sender\/Receiver roles and Storage Blob Data Contributor/);
    expect(error.retriable).toBe(false);
    expect(driver.isConnected()).toBe(false);
    await expectCode(driver.streams.ensureStream('telemetry', { partitions: 1 } as never), 'broker_unavailable');
    await driver.close();
  }, 30_000);

  it('connect - a connection string with a credential-based checkpoint store checks the storage identity at start', async () => {
    const driver = await createEventHubsDriver({
      name: 'hub',
      settings: { connectionString: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v', checkpointAccountUrl: 'https://shopckpt.blob.core.windows.net' },
      dataDir: '.',
    });
    const error = await expectCode(driver.connect(AbortSignal.timeout(20_000)), 'broker_unavailable');
    expect(error.message).toMatch(/no Azure credential for checkpoint storage 'https:\/\/shopckpt.blob.core.windows.net'.*Storage Blob Data Contributor/);
    await driver.close();
  }, 30_000);
});
