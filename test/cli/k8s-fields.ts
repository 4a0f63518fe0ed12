/**
 * kubernetes-models' validators accept unknown fields, as the API server's non-strict decoding
 * does, so a misspelt field would pass them and be dropped by the cluster. This checks every
 * field of what inject writes against the field names the models declare for its type.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const v1 = (type: string): string => fileURLToPath(new URL(`../../node_modules/kubernetes-models/v1/${type}.d.ts`, import.meta.url));

/** What each nested field of a type is, for the types inject writes. */
const shapes: Record<string, Record<string, string>> = {
  PodSpec: { initContainers: 'Container[]', containers: 'Container[]', volumes: 'Volume[]' },
  Container: {
    env: 'EnvVar[]',
    ports: 'ContainerPort[]',
    startupProbe: 'Probe',
    readinessProbe: 'Probe',
    livenessProbe: 'Probe',
    resources: 'ResourceRequirements',
    securityContext: 'SecurityContext',
    volumeMounts: 'VolumeMount[]',
  },
  Probe: { httpGet: 'HTTPGetAction' },
  SecurityContext: { capabilities: 'Capabilities', seccompProfile: 'SeccompProfile' },
  EnvVar: { valueFrom: 'EnvVarSource' },
  EnvVarSource: { secretKeyRef: 'SecretKeySelector' },
  Volume: { configMap: 'ConfigMapVolumeSource', emptyDir: 'EmptyDirVolumeSource' },
};

const declared = new Map<string, Set<string>>();
function fieldsOf(type: string): Set<string> {
  let fields = declared.get(type);
  if (fields === undefined) {
    fields = new Set([...readFileSync(v1(type), 'utf8').matchAll(/^\s*"(\w+)"\??:/gm)].map((match) => match[1]!));
    declared.set(type, fields);
  }
  return fields;
}

/** Paths of fields the type does not declare, e.g. `initContainers[0].startupProbe.httpGet.prot`. */
export function undeclaredFields(value: unknown, type = 'PodSpec', path = ''): string[] {
  if (type.endsWith('[]')) return Array.isArray(value) ? value.flatMap((item, i) => undeclaredFields(item, type.slice(0, -2), `${path}[${i}]`)) : [`${path} (not a list)`];
  if (value === null || typeof value !== 'object') return [`${path} (not an object)`];
  const known = fieldsOf(type);
  return Object.entries(value).flatMap(([key, item]) => {
    const where = path === '' ? key : `${path}.${key}`;
    if (!known.has(key)) return [where];
    const nested = shapes[type]?.[key];
    return nested === undefined ? [] : undeclaredFields(item, nested, where);
  });
}
