/**
 * The Service Bus client for the configured auth: a connection string (SAS, or the local
 * emulator's `UseDevelopmentEmulator=true`), or a namespace with @azure/identity's
 * DefaultAzureCredential. On Kubernetes with workload identity the pod carries AZURE_CLIENT_ID,
 * AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE, and the credential exchanges the projected
 * service-account token for an Entra ID token; elsewhere the credential's usual chain applies
 * (environment, managed identity, developer sign-ins). `clientId` picks a user-assigned identity.
 *
 * The credential is asked for a token when the driver connects, so a pod without an identity
 * fails at start with an error that says what to set, not at the first send.
 */
import type { TokenCredential } from '@azure/identity';
import { ServiceBusClient, type ServiceBusClientOptions } from '@azure/service-bus';
import { OutriggerError } from '../../core/errors.js';
import type { ServiceBusAuth } from './settings.js';

/** The scope Service Bus tokens are issued for. */
export const SERVICE_BUS_SCOPE = 'https://servicebus.azure.net/.default';

export interface BuiltClient {
  client: ServiceBusClient;
  /** Present for namespace auth: checked with checkCredential() before the driver is ready. */
  credential?: TokenCredential;
}

export async function buildClient(auth: ServiceBusAuth, options: ServiceBusClientOptions): Promise<BuiltClient> {
  if (auth.kind === 'connectionString') return { client: new ServiceBusClient(auth.connectionString, options) };
  // Loaded only when used: connection-string deployments never pay for the identity library.
  const { DefaultAzureCredential } = await import('@azure/identity');
  const credential = new DefaultAzureCredential(auth.clientId === undefined ? {} : { managedIdentityClientId: auth.clientId, workloadIdentityClientId: auth.clientId });
  return { client: new ServiceBusClient(auth.namespace, credential, options), credential };
}

/** Gets one token, turning "no identity here" into an error that names what is missing. */
export async function checkCredential(credential: TokenCredential, broker: string, namespace: string, signal?: AbortSignal): Promise<void> {
  try {
    const token = await credential.getToken(SERVICE_BUS_SCOPE, signal === undefined ? {} : { abortSignal: signal });
    if (token === null) throw new Error('the credential returned no token');
  } catch (err) {
    throw new OutriggerError(
      'broker_unavailable',
      `azure-servicebus broker '${broker}': no Azure credential for namespace '${namespace}'. With Kubernetes workload identity the pod needs AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (the service account annotated and the pod labelled azure.workload.identity/use: "true"); elsewhere a managed identity or AZURE_* environment credentials. The identity needs the Azure Service Bus Data Sender/Receiver roles. (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      { cause: err, retriable: false },
    );
  }
}
