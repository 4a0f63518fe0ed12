/**
 * Every setting of the Event Grid driver: its schema (config validation and the editor schema use
 * it), and the one read that checks them, all problems reported together.
 *
 * A broker is one Event Grid endpoint: a custom topic or domain (`endpoint`, publish only) or a
 * namespace (`namespaceEndpoint`, publish and pull). Authentication: `key` (the topic or
 * namespace access key), `sasToken` (custom topics), or neither: DefaultAzureCredential
 * (workload identity), `clientId` picking a user-assigned identity. Endpoints are https; http is
 * accepted only on loopback, for emulators and tests.
 */
import { Type } from '../settings-schema.js';
import { driverSettings, type SettingsReader } from '../settings-reader.js';

export type EventGridSchema = 'cloudevents' | 'eventgrid';

export type EventGridAuth =
  | { kind: 'key'; key: string }
  | { kind: 'sasToken'; sasToken: string }
  /** DefaultAzureCredential; clientId picks a user-assigned identity. */
  | { kind: 'identity'; clientId?: string };

export type EventGridTarget =
  /** A custom topic or domain: publish only. `domain`: each topic of config is a domain topic. */
  | { kind: 'topic'; endpoint: string; schema: EventGridSchema; domain: boolean }
  /** A namespace: its topics, published to and pulled from. */
  | { kind: 'namespace'; endpoint: string };

export interface EventGridSettings {
  target: EventGridTarget;
  auth: EventGridAuth;
}

const schemas: readonly EventGridSchema[] = ['cloudevents', 'eventgrid'];

export const eventGridSettingsSchema = Type.Object(
  {
    endpoint: Type.Optional(
      Type.String({ minLength: 1, description: 'Publish endpoint of a custom topic or domain, e.g. https://orders.westeurope-1.eventgrid.azure.net/api/events (http:// only on loopback, for emulators and tests)' }),
    ),
    namespaceEndpoint: Type.Optional(
      Type.String({ minLength: 1, description: 'Instead of endpoint: an Event Grid namespace, e.g. https://shop.westeurope-1.eventgrid.azure.net, whose topics are published to and whose event subscriptions are pulled with lock tokens' }),
    ),
    key: Type.Optional(Type.String({ minLength: 1, description: 'Access key of the topic, domain or namespace; use ${ENV}. Without key and sasToken, DefaultAzureCredential (role EventGrid Data Sender, and EventGrid Data Receiver to pull)' })),
    sasToken: Type.Optional(Type.String({ minLength: 1, description: 'With endpoint: a shared access signature (aeg-sas-token) instead of the key; use ${ENV}' })),
    clientId: Type.Optional(Type.String({ minLength: 1, description: 'Without key and sasToken: the client id of the user-assigned / workload identity to use (default: AZURE_CLIENT_ID)' })),
    schema: Type.Optional(
      Type.Union([Type.Literal('cloudevents'), Type.Literal('eventgrid')], {
        description: 'With endpoint: the input schema the topic was created with, cloudevents (CloudEvents 1.0, the default) or eventgrid (the Event Grid schema)',
      }),
    ),
    domain: Type.Optional(Type.Boolean({ description: 'With endpoint: the endpoint is an Event Grid domain, and each topic (its entity) is a domain topic (default false)' })),
  },
  { additionalProperties: false },
);

const settings = driverSettings('azure-eventgrid', eventGridSettingsSchema, read);
/** Throws `bad_request` listing every invalid setting. */
export const parseEventGridSettings = settings.parse;
/** What parseEventGridSettings would refuse, for config validation. */
export const checkEventGridSettings = settings.check;

/** Why topics of a broker with these settings cannot be subscribed to, or undefined when they can. */
export function subscriptionProblem(raw: Record<string, unknown>): string | undefined {
  if (typeof raw['namespaceEndpoint'] === 'string') return undefined;
  return 'publishes to an Event Grid custom topic or domain, which has no subscriptions to pull from: Event Grid pushes those events, so receive them with a webhook (webhooks: and from: { webhook: ... }), or use a namespace topic (namespaceEndpoint)';
}

function read(reader: SettingsReader): EventGridSettings {
  const endpoint = reader.text('endpoint');
  const namespaceEndpoint = reader.text('namespaceEndpoint');
  const schema = reader.raw['schema'] ?? 'cloudevents';
  if (!schemas.includes(schema as EventGridSchema)) reader.problem(`schema must be one of ${schemas.join(', ')} (got ${JSON.stringify(schema)})`, 'schema');
  const domain = reader.flag('domain', false);
  let target: EventGridTarget = { kind: 'topic', endpoint: '', schema: 'cloudevents', domain: false };
  if (endpoint !== undefined && namespaceEndpoint !== undefined) reader.problem('give either endpoint (a custom topic or domain) or namespaceEndpoint (a namespace), not both');
  else if (namespaceEndpoint !== undefined) {
    for (const key of ['schema', 'domain', 'sasToken'] as const) {
      if (reader.raw[key] !== undefined) reader.problem(`${key} applies only to a custom topic or domain (endpoint), not to a namespace: namespace topics take CloudEvents 1.0 with the key or an Azure identity`, key);
    }
    target = { kind: 'namespace', endpoint: checkEndpoint(reader, 'namespaceEndpoint', namespaceEndpoint, false) };
  } else if (endpoint !== undefined) {
    target = { kind: 'topic', endpoint: checkEndpoint(reader, 'endpoint', endpoint, true), schema: schema === 'eventgrid' ? 'eventgrid' : 'cloudevents', domain };
  } else reader.problem('one of endpoint (https://<topic>.<region>-1.eventgrid.azure.net/api/events) or namespaceEndpoint (https://<namespace>.<region>-1.eventgrid.azure.net) is required');
  return { target, auth: readAuth(reader) };
}

function readAuth(reader: SettingsReader): EventGridAuth {
  const key = reader.text('key');
  const sasToken = reader.text('sasToken');
  const clientId = reader.text('clientId');
  if (key !== undefined && sasToken !== undefined) reader.problem('give either key or sasToken, not both');
  if (clientId !== undefined && (key !== undefined || sasToken !== undefined)) reader.problem('clientId applies only without key and sasToken (Azure identity)');
  if (key !== undefined) return { kind: 'key', key };
  if (sasToken !== undefined) {
    if (!/^r=[^&]+&e=[^&]+&s=[^&]+$/.test(sasToken)) reader.problem('sasToken must be an Event Grid shared access signature, r=<resource>&e=<expiry>&s=<signature> (the value is not shown)', 'sasToken');
    return { kind: 'sasToken', sasToken };
  }
  return clientId === undefined ? { kind: 'identity' } : { kind: 'identity', clientId };
}

/** https anywhere; http only on loopback. A topic endpoint keeps its path (/api/events), a namespace endpoint is an origin. */
function checkEndpoint(reader: SettingsReader, key: string, value: string, withPath: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    reader.problem(`${key} must be a URL (got ${JSON.stringify(value)})`, key);
    return value;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    reader.problem(`${key} must be an https:// URL (http:// is accepted only on loopback, for emulators and tests; got ${JSON.stringify(value)})`, key);
  }
  if (url.search !== '' || url.username !== '') reader.problem(`${key} must not carry a query or credentials (got ${JSON.stringify(value)})`, key);
  if (!withPath && url.pathname.replace(/\/+$/, '') !== '') reader.problem(`${key} must be the namespace's origin, without a path (got ${JSON.stringify(value)})`, key);
  return withPath ? url.href : url.origin;
}
