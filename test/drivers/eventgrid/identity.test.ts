/**
 * Event Grid without a key or SAS token: DefaultAzureCredential (Kubernetes workload identity).
 * Live Entra ID cannot be reached here: these tests check that a pod without an identity fails at
 * start with an error that says what to set and which role the identity needs.
 */
import { describe, expect, it } from 'vitest';
import { createEventGridDriver } from '../../../src/drivers/azure-eventgrid/index.js';
import { expectCode } from '../../conformance/support.js';
import { withoutAzureIdentity } from '../../infra/helpers/azure-identity.js';

withoutAzureIdentity();

describe('eventgrid identity', () => {
  it('identity - without any identity, connect fails at start naming the variables and the role', async () => {
    const driver = await createEventGridDriver({ name: 'grid', settings: { endpoint: 'https://orders.westeurope-1.eventgrid.azure.net/api/events' }, dataDir: '.' });
    const error = await expectCode(driver.connect(AbortSignal.timeout(20_000)), 'broker_unavailable');
    expect(error.message).toMatch(/azure-eventgrid broker 'grid': no Azure credential for endpoint 'https:\/\/orders\.westeurope-1\.eventgrid\.azure\.net\/api\/events'.*AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE.*EventGrid Data Sender/);
    expect(error.retriable).toBe(false);
    expect(driver.isConnected()).toBe(false);
    await driver.close();
  }, 30_000);
});
