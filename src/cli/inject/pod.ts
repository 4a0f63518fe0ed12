/**
 * Injecting into one pod template: the sidecar first among the init containers, its volumes,
 * the app's env, the scrape label and a termination period that leaves Outrigger its drain.
 * Pure: a new template from the old one, so running it again on its own output changes nothing.
 */
import { appEnv, appShutdownSeconds, scrapeLabel, sidecarContainer, sidecarName, sidecarVolumes, type InjectOptions, type Json } from './sidecar.js';

export class InjectRefusal extends Error {}

export interface PodContext {
  /** The workload's name, for default ConfigMap and Secret names. */
  workload: string;
  /** A StatefulSet's volumeClaimTemplate named outrigger-data provides the data volume. */
  dataClaim: boolean;
}

export function injectPodTemplate(template: Json, options: InjectOptions, context: PodContext): Json {
  const spec = record(template['spec'], 'spec');
  const containers = list(spec['containers'], 'spec.containers');
  if (containers.length === 0) throw new InjectRefusal('the pod template has no containers');
  if (containers.some((container) => container['name'] === sidecarName)) {
    throw new InjectRefusal(`it already has a container named '${sidecarName}' under containers (a regular sidecar?); remove it, and inject adds the native one`);
  }
  const initContainers = list(spec['initContainers'] ?? [], 'spec.initContainers');
  const existing = initContainers.findIndex((container) => container['name'] === sidecarName);
  if (existing >= 0 && !isOurs(initContainers[existing]!)) {
    throw new InjectRefusal(`it has an init container named '${sidecarName}' that is not an Outrigger native sidecar (restartPolicy Always, an image named outrigger); rename it first`);
  }
  const secret = options.secret ?? `${context.workload}-outrigger-secrets`;
  const configMap = options.configMap ?? `${context.workload}-outrigger-config`;
  const appPort = options.appPort ?? firstPort(containers[0]!);
  const fresh = sidecarContainer(options, secret, appPort);
  const sidecar = existing >= 0 ? mergeContainer(initContainers[existing]!, fresh) : fresh;
  const nextInit = existing >= 0 ? initContainers.map((container, i) => (i === existing ? sidecar : container)) : [sidecar, ...initContainers];

  const metadata = template['metadata'] === undefined ? {} : record(template['metadata'], 'metadata');
  const labels = metadata['labels'] === undefined ? {} : record(metadata['labels'], 'metadata.labels');
  const grace = typeof spec['terminationGracePeriodSeconds'] === 'number' ? spec['terminationGracePeriodSeconds'] : appShutdownSeconds;
  const needed = options.gracePeriodSeconds + appShutdownSeconds;
  return {
    ...template,
    metadata: { ...metadata, labels: { ...labels, [scrapeLabel.key]: scrapeLabel.value } },
    spec: {
      ...spec,
      terminationGracePeriodSeconds: Math.max(grace, needed),
      initContainers: nextInit,
      containers: containers.map((container) => ({ ...container, env: addMissing(list(container['env'] ?? [], 'env'), appEnv(secret)) })),
      volumes: mergeByName(list(spec['volumes'] ?? [], 'spec.volumes'), sidecarVolumes(configMap, !context.dataClaim)),
    },
  };
}

/** deploy/base/deployment.yaml's sidecar counts as ours too, so injecting it brings it up to date. */
function isOurs(container: Json): boolean {
  const image = typeof container['image'] === 'string' ? container['image'] : '';
  const repository = image.split('@')[0]!.replace(/:[^/:]*$/, '');
  return container['restartPolicy'] === 'Always' && repository.split('/').at(-1) === sidecarName;
}

/** Ours wins where we set something; what a user added (env, mounts, resources they tuned) stays. */
function mergeContainer(current: Json, fresh: Json): Json {
  return {
    ...current,
    ...fresh,
    env: mergeByName(list(current['env'] ?? [], 'env'), list(fresh['env'], 'env')),
    ports: mergeByName(list(current['ports'] ?? [], 'ports'), list(fresh['ports'], 'ports')),
    volumeMounts: mergeByName(list(current['volumeMounts'] ?? [], 'volumeMounts'), list(fresh['volumeMounts'], 'volumeMounts')),
    resources: current['resources'] ?? fresh['resources'],
  };
}

function firstPort(container: Json): number | null {
  const port = list(container['ports'] ?? [], 'ports')[0]?.['containerPort'];
  return typeof port === 'number' ? port : null;
}

/** In place where the name exists (ours replace theirs), appended where it does not. */
function mergeByName(current: Json[], ours: Json[]): Json[] {
  const byName = new Map(ours.map((item) => [item['name'], item]));
  const merged = current.map((item) => byName.get(item['name']) ?? item);
  const present = new Set(current.map((item) => item['name']));
  return [...merged, ...ours.filter((item) => !present.has(item['name']))];
}

/**
 * The app keeps any value it sets itself; a token taken from a Secret's `api-token` key is ours
 * and follows the sidecar's, so re-injecting with another --secret moves both together.
 */
function addMissing(current: Json[], ours: Json[]): Json[] {
  const byName = new Map(ours.map((item) => [item['name'], item]));
  const merged = current.map((item) => (isOurToken(item) ? (byName.get(item['name']) ?? item) : item));
  const present = new Set(current.map((item) => item['name']));
  return [...merged, ...ours.filter((item) => !present.has(item['name']))];
}

function isOurToken(item: Json): boolean {
  const ref = (item['valueFrom'] as Json | undefined)?.['secretKeyRef'] as Json | undefined;
  return item['name'] === 'OUTRIGGER_API_TOKEN' && ref?.['key'] === 'api-token';
}

function record(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InjectRefusal(`${where} is not a mapping`);
  return value as Json;
}

function list(value: unknown, where: string): Json[] {
  if (!Array.isArray(value)) throw new InjectRefusal(`${where} is not a list`);
  return value.map((item, i) => record(item, `${where}[${i}]`));
}
