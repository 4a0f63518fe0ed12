/**
 * The Service Bus client for the configured auth: a connection string (SAS, or the local
 * emulator's `UseDevelopmentEmulator=true`), or a namespace with @azure/identity's
 * DefaultAzureCredential (../azure/identity.ts). The credential is asked for a token when the
 * driver connects, so a pod without an identity fails at start with an error that says what to
 * set, not at the first send.
 */
import type { TokenCredential } from '@azure/identity';
import { ServiceBusClient, type ServiceBusClientOptions } from '@azure/service-bus';
import { checkAzureCredential, defaultAzureCredential } from '../azure/identity.js';
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
  const credential = await defaultAzureCredential(auth.clientId);
  return { client: new ServiceBusClient(auth.namespace, credential, options), credential };
}

/** Gets one token, turning "no identity here" into an error that names what is missing. */
export function checkCredential(credential: TokenCredential, broker: string, namespace: string, signal?: AbortSignal): Promise<void> {
  return checkAzureCredential(
    credential,
    { driver: 'azure-servicebus', broker, target: `namespace '${namespace}'`, scope: SERVICE_BUS_SCOPE, roles: 'the Azure Service Bus Data Sender/Receiver roles' },
    signal,
  );
}
