/**
 * Dapr pubsub components (`kind: Component`, `type: pubsub.*`) in dapr.resourcesPath, translated
 * into Outrigger brokers before the config is checked, so `outrigger validate` judges them as if
 * they had been written under `brokers:`. Each component becomes a broker of its own name and the
 * `dapr.pubsubs` entry of that name. What cannot be translated (another type, a metadata field
 * with no Outrigger setting, a secretKeyRef) is a problem naming it; nothing is guessed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Path, ProblemList } from './problems.js';
import { isRecord } from './raw.js';
import { substitute } from './substitute.js';

type Fields = Record<string, string>;
/** A component's metadata as the broker's settings; throws Unsupported naming what has no setting. */
type Translate = (fields: Fields) => Record<string, unknown>;

class Unsupported extends Error {}

/** Fields Dapr reads that need no setting here (Outrigger names its own consumers and groups). */
const noSetting = new Set(['consumerID', 'consumerGroup', 'consumerId']);

const translations: Record<string, { driver: string; translate: Translate }> = {
  'pubsub.redis': {
    driver: 'redis',
    translate: (f) => {
      const host = need(f, 'redisHost');
      const auth = f.redisPassword === undefined ? '' : `${encodeURIComponent(f.redisUsername ?? '')}:${encodeURIComponent(f.redisPassword)}@`;
      return { url: `${f.enableTLS === 'true' ? 'rediss' : 'redis'}://${auth}${host}` };
    },
  },
  'pubsub.kafka': {
    driver: 'kafka',
    translate: (f) => {
      if (f.authType !== undefined && f.authType !== 'none') throw new Unsupported(`authType '${f.authType}' (only 'none' is translated; write the broker under brokers: with its SASL or TLS settings)`);
      return { bootstrapServers: need(f, 'brokers').split(',').map((broker) => broker.trim()), ...(f.clientID === undefined ? {} : { clientId: f.clientID }) };
    },
  },
  'pubsub.rabbitmq': {
    driver: 'rabbitmq',
    translate: (f) => ({ url: f.connectionString ?? need(f, 'host') }),
  },
  'pubsub.jetstream': {
    driver: 'nats',
    translate: (f) => ({ servers: need(f, 'natsURL'), ...(f.token === undefined ? {} : { token: f.token }) }),
  },
  'pubsub.azure.servicebus.topics': {
    driver: 'azure-servicebus',
    translate: (f) => (f.connectionString !== undefined ? { connectionString: f.connectionString } : { namespace: need(f, 'namespaceName') }),
  },
  'pubsub.azure.eventhubs': {
    driver: 'azure-eventhubs',
    // Dapr takes a hub-level connection string too; the driver names each hub by its stream.
    translate: (f) => ({
      connectionString: need(f, 'connectionString').replace(/;?EntityPath=[^;]*/i, ''),
      ...(f.storageConnectionString === undefined ? {} : { checkpointStorage: f.storageConnectionString }),
      ...(f.storageContainerName === undefined ? {} : { checkpointContainer: f.storageContainerName }),
    }),
  },
};

/** The metadata fields each translation reads (the rest of a component's fields are refused by name). */
const reads: Record<string, string[]> = {
  'pubsub.redis': ['redisHost', 'redisPassword', 'redisUsername', 'enableTLS'],
  'pubsub.kafka': ['brokers', 'authType', 'clientID'],
  'pubsub.rabbitmq': ['connectionString', 'host'],
  'pubsub.jetstream': ['natsURL', 'token'],
  'pubsub.azure.servicebus.topics': ['connectionString', 'namespaceName'],
  'pubsub.azure.eventhubs': ['connectionString', 'storageConnectionString', 'storageContainerName'],
};

function need(fields: Fields, name: string): string {
  const value = fields[name];
  if (value === undefined || value === '') throw new Unsupported(`it has no '${name}', which the translation needs`);
  return value;
}

/**
 * Reads the components of doc.dapr.resourcesPath (made absolute against `baseDir`, where the
 * runtime reads Subscriptions too) into doc.brokers and doc.dapr.pubsubs.
 */
export function applyDaprComponents(doc: Record<string, unknown>, options: { env: NodeJS.ProcessEnv; baseDir: string }, problems: ProblemList): void {
  const dapr = doc['dapr'];
  if (!isRecord(dapr) || typeof dapr['resourcesPath'] !== 'string') return;
  const folder = resolve(options.baseDir, dapr['resourcesPath']);
  dapr['resourcesPath'] = folder;
  const at: Path = ['dapr', 'resourcesPath'];
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => /\.ya?ml$/i.test(file)).sort();
  } catch (err) {
    problems.add(at, `${folder} cannot be read: ${(err as Error).message}`);
    return;
  }
  for (const file of files) {
    const path = join(folder, file);
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (document.errors.length > 0) {
        problems.add(at, `${path}: ${document.errors[0]!.message}`);
        continue;
      }
      const resource = document.toJS() as unknown;
      if (!isRecord(resource) || resource['kind'] !== 'Component') continue;
      const component = substitute(resource, options, problems, at) as Record<string, unknown>;
      addComponent(doc, dapr, component, `${path}: component`, problems, at);
    }
  }
}

function addComponent(doc: Record<string, unknown>, dapr: Record<string, unknown>, component: Record<string, unknown>, where: string, problems: ProblemList, at: Path): void {
  const name = isRecord(component['metadata']) ? component['metadata']['name'] : undefined;
  const spec = isRecord(component['spec']) ? component['spec'] : {};
  const type = spec['type'];
  if (typeof name !== 'string' || typeof type !== 'string') return problems.add(at, `${where} needs metadata.name and spec.type`);
  if (!type.startsWith('pubsub.')) return problems.add(at, `${where} '${name}' is a ${type}: only pubsub components are translated (Outrigger has no state stores, bindings components or secret stores)`);
  const translation = translations[type];
  if (translation === undefined) return problems.add(at, `${where} '${name}': type ${type} is not translated; these are: ${Object.keys(translations).join(', ')}`);
  const fields: Fields = {};
  const list = Array.isArray(spec['metadata']) ? spec['metadata'] : [];
  for (const item of list) {
    if (!isRecord(item) || typeof item['name'] !== 'string') continue;
    if (item['secretKeyRef'] !== undefined) return problems.add(at, `${where} '${name}': '${item['name']}' comes from a secretKeyRef; give it as a value with \${ENV} substitution instead`);
    if (noSetting.has(item['name'])) continue;
    if (!reads[type]!.includes(item['name'])) return problems.add(at, `${where} '${name}': metadata '${item['name']}' has no Outrigger setting (${type} translates ${reads[type]!.join(', ')}); remove it, or write the broker under brokers:`);
    fields[item['name']] = String(item['value'] ?? '');
  }
  let settings: Record<string, unknown>;
  try {
    settings = translation.translate(fields);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return problems.add(at, `${where} '${name}' (${type}): ${err.message}`);
  }
  const brokers = isRecord(doc['brokers']) ? doc['brokers'] : (doc['brokers'] = {});
  if (Object.hasOwn(brokers, name)) return problems.add(at, `${where} '${name}': brokers already has a broker of that name`);
  brokers[name] = { driver: translation.driver, ...settings };
  const pubsubs = isRecord(dapr['pubsubs']) ? dapr['pubsubs'] : (dapr['pubsubs'] = {});
  if (Object.hasOwn(pubsubs, name)) return problems.add(at, `${where} '${name}': dapr.pubsubs already maps that name`);
  pubsubs[name] = { broker: name };
}
