/**
 * Namespace + DefaultAzureCredential (Kubernetes workload identity) as the alternative to a
 * connection string. Live Entra ID cannot be reached here: these tests check that config accepts
 * it, that the driver builds its client on the credential, and that a pod without an identity
 * fails at start with an error that says what to set.
 */
import { readFileSync } from 'node:fs';
import { DefaultAzureCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { buildClient } from '../../../src/drivers/azure-servicebus/credentials.js';
import { createServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { expectCode } from '../../conformance/support.js';
import { settingsProblems, withoutAzureIdentity } from '../../infra/helpers/azure-identity.js';
import { fixture, problemsOf, writeConfig } from '../../unit/config/support.js';

withoutAzureIdentity();

function configWith(bus: string): string {
  return writeConfig(readFileSync(fixture('example.yaml'), 'utf8').replace('bus:   { driver: embedded, file: "${BUS_FILE}" }', bus));
}

describe('servicebus identity - config', () => {
  it('config - a namespace with an optional clientId is accepted in place of a connection string', () => {
    const config = loadConfig({ path: configWith('bus: { driver: azure-servicebus, namespace: shop.servicebus.windows.net, clientId: "${CLIENT}", manageEntities: true }'), env: { CLIENT: 'abc' } });
    expect(config.brokers['bus']).toMatchObject({ driver: 'azure-servicebus', settings: { namespace: 'shop.servicebus.windows.net', clientId: 'abc', manageEntities: true } });
  });

  it('config - a non-boolean manageEntities is a config problem that names the setting', () => {
    const problems = problemsOf(() => loadConfig({ path: configWith('bus: { driver: azure-servicebus, namespace: shop.servicebus.windows.net, manageEntities: "yes" }'), env: {} }));
    expect(problems.map((p) => p.path)).toContain('brokers.bus.manageEntities');
  });

  it('settings - a bare name, clientId with a connection string, and both auths are each reported', async () => {
    const problems = (settings: Record<string, unknown>): Promise<string[]> => settingsProblems(createServiceBusDriver({ name: 'bus', settings, dataDir: '.' }));
    expect(await problems({ namespace: 'shop' })).toEqual([expect.stringContaining('fully qualified namespace, e.g. shop.servicebus.windows.net')]);
    expect(await problems({ connectionString: 'Endpoint=sb://x/', clientId: 'abc' })).toEqual([expect.stringContaining('clientId applies only with namespace')]);
    expect(await problems({ connectionString: 'Endpoint=sb://x/', namespace: 'shop.servicebus.windows.net' })).toEqual([expect.stringContaining('either connectionString or namespace')]);
  });
});

describe('servicebus identity - client', () => {
  it('client - namespace auth builds the SDK client on DefaultAzureCredential for that namespace', async () => {
    const { client, credential } = await buildClient({ kind: 'namespace', namespace: 'shop.servicebus.windows.net', clientId: 'abc' }, {});
    try {
      expect(credential).toBeInstanceOf(DefaultAzureCredential);
      expect(client.fullyQualifiedNamespace).toBe('shop.servicebus.windows.net');
    } finally {
      await client.close();
    }
    const plain = await buildClient({ kind: 'connectionString', connectionString: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=k;SharedAccessKey=v' }, {});
    expect(plain.credential).toBeUndefined();
    await plain.client.close();
  });

  it('client - without any identity, connect fails at start naming the workload identity variables', async () => {
    const driver = await createServiceBusDriver({ name: 'bus', settings: { namespace: 'shop.servicebus.windows.net' }, dataDir: '.' });
    const error = await expectCode(driver.connect(AbortSignal.timeout(20_000)), 'broker_unavailable');
    expect(error.message).toMatch(/no Azure credential for namespace 'shop.servicebus.windows.net'.*AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE/);
    expect(error.retriable).toBe(false);
    expect(driver.isConnected()).toBe(false);
    await driver.close();
  }, 30_000);
});
