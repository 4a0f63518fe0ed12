/**
 * How both Azure messaging drivers are told to authenticate: a connection string (SAS, or the
 * local emulator's `UseDevelopmentEmulator=true`), or a namespace reached with
 * DefaultAzureCredential (identity.ts). Read and checked the same way by both.
 */
import { Type } from '../settings-schema.js';
import type { SettingsReader } from '../settings-reader.js';

export type AzureAuth = { kind: 'connectionString'; connectionString: string } | { kind: 'namespace'; namespace: string };

export const namespaceSetting = Type.Optional(
  Type.String({ minLength: 1, description: '<name>.servicebus.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment) instead of a connection string' }),
);

/**
 * Exactly one of connectionString and namespace; `connectionVariable` is the environment variable
 * the message suggests for the connection string. With a problem the auth returned is a placeholder.
 */
export function readAzureAuth(reader: SettingsReader, connectionVariable: string): AzureAuth {
  const connectionString = reader.text('connectionString');
  const namespace = reader.text('namespace');
  if (connectionString !== undefined && namespace !== undefined) reader.problem('give either connectionString or namespace, not both');
  else if (connectionString !== undefined) {
    if (!/(^|;)\s*Endpoint\s*=\s*sb:\/\//i.test(connectionString)) {
      reader.problem('connectionString must contain Endpoint=sb://<namespace>/ (the value is not shown)', 'connectionString');
    }
    return { kind: 'connectionString', connectionString };
  } else if (namespace !== undefined) {
    const host = namespace.replace(/^sb:\/\//i, '').replace(/\/+$/, '');
    if (!/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i.test(host)) {
      reader.problem(`namespace must be the fully qualified namespace, e.g. shop.servicebus.windows.net (got ${JSON.stringify(namespace)})`, 'namespace');
    }
    return { kind: 'namespace', namespace: host };
  } else reader.problem(`one of connectionString (e.g. "\${${connectionVariable}}") or namespace (<name>.servicebus.windows.net) is required`);
  return { kind: 'connectionString', connectionString: '' };
}

/**
 * The origin of an Azure Storage service URL (https://<account>.<service>.core.windows.net), or
 * undefined when `value` is not one: bearer tokens are only sent over https, and a path would name
 * a queue or container, which config names elsewhere.
 */
export function storageServiceOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare = url.search === '' && url.hash === '' && url.username === '' && url.pathname.replace(/\/+$/, '') === '';
  return url.protocol === 'https:' && bare ? url.origin : undefined;
}
