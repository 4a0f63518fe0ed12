/**
 * Every setting of the Storage Queues driver: its schema (which config validation and the editor
 * schema use), defaults and limits, written once, and the one read that checks them. All problems
 * are reported together, each naming the setting, what it accepts and what it got.
 */
import { Type } from '../settings-schema.js';
import { storageServiceOrigin } from '../azure/auth-settings.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';

export type StorageQueueAuth =
  | { kind: 'connectionString'; connectionString: string }
  /** DefaultAzureCredential (workload identity); clientId picks a user-assigned identity. */
  | { kind: 'accountUrl'; accountUrl: string; clientId?: string };

/** How message text is written and read: Base64 (what Azure Functions expects) or plain text. */
export type MessageEncoding = 'base64' | 'text';

export interface StorageQueueSettings {
  auth: StorageQueueAuth;
  messageEncoding: MessageEncoding;
  /** Storage Queues have no long poll: an empty receive polls again after 50 ms, doubling up to this. */
  pollMaxMs: number;
  /** Create configured queues (and their poison queues) when missing; without it they must exist. */
  createQueues: boolean;
}

const encodings: readonly MessageEncoding[] = ['base64', 'text'];

const settingDefaults = { messageEncoding: 'base64', pollMaxMs: 1000, createQueues: true } as const;
const d = settingDefaults;

export const storageQueueSettingsSchema = Type.Object(
  {
    connectionString: Type.Optional(
      Type.String({ minLength: 1, description: 'Azure Storage connection string (AccountName=...;AccountKey=... or QueueEndpoint=...;SharedAccessSignature=...); use ${ENV} substitution' }),
    ),
    accountUrl: Type.Optional(
      Type.String({ minLength: 1, description: 'https://<account>.queue.core.windows.net: authenticate with DefaultAzureCredential (Kubernetes workload identity, managed identity, AZURE_* environment; role Storage Queue Data Contributor) instead of a connection string' }),
    ),
    clientId: Type.Optional(
      Type.String({ minLength: 1, description: 'With accountUrl: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)' }),
    ),
    messageEncoding: Type.Optional(
      Type.Union([Type.Literal('base64'), Type.Literal('text')], {
        description: `How message text is written and read: base64 (what Azure Functions' queue trigger expects) or text (default ${d.messageEncoding}); messages of other clients are read either way`,
      }),
    ),
    pollMaxMs: Type.Optional(
      Type.Integer({ minimum: 50, maximum: 60_000, description: `Storage Queues have no long poll: an empty receive asks again after 50 ms, doubling up to this (default ${d.pollMaxMs}); each ask is a billed transaction` }),
    ),
    createQueues: Type.Optional(
      Type.Boolean({ description: `Create configured queues and their '<queue>-poison' queues when missing (default ${d.createQueues}); without it they must exist` }),
    ),
  },
  { additionalProperties: false },
);

const settings = driverSettings('azure-storage-queue', storageQueueSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseStorageQueueSettings = settings.parse;
/** What parseStorageQueueSettings would refuse, for config validation. */
export const checkStorageQueueSettings = settings.check;

function read(reader: SettingsReader): StorageQueueSettings {
  const auth = readAuth(reader);
  const encoding = reader.raw.messageEncoding ?? d.messageEncoding;
  if (!encodings.includes(encoding as MessageEncoding)) {
    reader.problem(`messageEncoding must be one of ${encodings.join(', ')} (got ${JSON.stringify(encoding)})`, 'messageEncoding');
  }
  return {
    auth,
    messageEncoding: encodings.includes(encoding as MessageEncoding) ? (encoding as MessageEncoding) : d.messageEncoding,
    pollMaxMs: reader.int('pollMaxMs', d.pollMaxMs),
    createQueues: reader.flag('createQueues', d.createQueues),
  };
}

/** Exactly one of connectionString and accountUrl; clientId only with accountUrl. */
function readAuth(reader: SettingsReader): StorageQueueAuth {
  const connectionString = reader.text('connectionString');
  const accountUrl = reader.text('accountUrl');
  const clientId = reader.text('clientId');
  if (clientId !== undefined && accountUrl === undefined) reader.problem('clientId applies only with accountUrl (Azure credentials), not with connectionString');
  if (connectionString !== undefined && accountUrl !== undefined) reader.problem('give either connectionString or accountUrl, not both');
  else if (connectionString !== undefined) {
    if (!/(^|;)\s*(AccountName|QueueEndpoint|UseDevelopmentStorage)\s*=/i.test(connectionString)) {
      reader.problem('connectionString must be an Azure Storage connection string (AccountName=...;AccountKey=... or QueueEndpoint=...; the value is not shown)', 'connectionString');
    }
    return { kind: 'connectionString', connectionString };
  } else if (accountUrl !== undefined) {
    return { kind: 'accountUrl', accountUrl: checkAccountUrl(reader, accountUrl), ...(clientId === undefined ? {} : { clientId }) };
  } else reader.problem('one of connectionString (e.g. "${STORAGE_CONNECTION}") or accountUrl (https://<account>.queue.core.windows.net) is required');
  return { kind: 'connectionString', connectionString: '' };
}

function checkAccountUrl(reader: SettingsReader, value: string): string {
  const origin = storageServiceOrigin(value);
  if (origin === undefined) {
    reader.problem(`accountUrl must be the queue service URL, https://<account>.queue.core.windows.net, without a path (got ${JSON.stringify(value)})`, 'accountUrl');
    return value;
  }
  return origin;
}
