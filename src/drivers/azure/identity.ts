/**
 * Azure credentials shared by the Azure drivers: @azure/identity's DefaultAzureCredential, and
 * one token fetched at connect so a pod without an identity fails at start with an error that
 * says what to set, not at the first send.
 *
 * On Kubernetes with workload identity the pod carries AZURE_CLIENT_ID, AZURE_TENANT_ID and
 * AZURE_FEDERATED_TOKEN_FILE, and the credential exchanges the projected service-account token
 * for an Entra ID token; elsewhere the credential's usual chain applies (environment, managed
 * identity, developer sign-ins). `clientId` picks a user-assigned identity.
 */
import type { TokenCredential } from '@azure/identity';
import { OutriggerError } from '../../kernel/errors.js';

export async function defaultAzureCredential(clientId: string | undefined): Promise<TokenCredential> {
  // Loaded only when used: connection-string deployments never pay for the identity library.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential(clientId === undefined ? {} : { managedIdentityClientId: clientId, workloadIdentityClientId: clientId });
}

export interface CredentialCheck {
  /** Driver kind, e.g. azure-servicebus. */
  driver: string;
  broker: string;
  /** What the credential is for, e.g. "namespace 'shop.servicebus.windows.net'". */
  target: string;
  /** Token scope, e.g. https://servicebus.azure.net/.default. */
  scope: string;
  /** The Azure roles the identity needs, for the message. */
  roles: string;
}

/** Gets one token, turning "no identity here" into an error that names what is missing. */
export async function checkAzureCredential(credential: TokenCredential, check: CredentialCheck, signal?: AbortSignal): Promise<void> {
  try {
    const token = await credential.getToken(check.scope, signal === undefined ? {} : { abortSignal: signal });
    if (token === null) throw new Error('the credential returned no token');
  } catch (err) {
    throw new OutriggerError(
      'broker_unavailable',
      `${check.driver} broker '${check.broker}': no Azure credential for ${check.target}. With Kubernetes workload identity the pod needs AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (the service account annotated and the pod labelled azure.workload.identity/use: "true"); elsewhere a managed identity or AZURE_* environment credentials. The identity needs ${check.roles}. (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      { cause: err, retriable: false },
    );
  }
}
