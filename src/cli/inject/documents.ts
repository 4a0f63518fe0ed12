/**
 * Kubernetes YAML in, the same YAML out with each workload's pod template injected. Only the
 * nodes whose values change are replaced, so comments and formatting elsewhere survive, and a
 * second run (nothing changes) gives back its input byte for byte.
 */
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { InjectRefusal, injectPodTemplate } from './pod.js';
import { volumeNames, type InjectOptions, type Json } from './sidecar.js';

/** Where each workload kind keeps its pod template. */
const templatePaths: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export interface InjectResult {
  yaml: string;
  /** `Kind/name` of each workload injected. */
  injected: string[];
  /** Why each refused resource was refused; when any is, nothing should be applied. */
  refused: string[];
}

export function injectYaml(text: string, options: InjectOptions): InjectResult {
  const documents = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(documents)) return { yaml: text, injected: [], refused: [] };
  const result: Run = { yaml: '', injected: [], refused: [], changed: false };
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      result.refused.push(`document ${index + 1}: not valid YAML: ${document.errors[0]!.message}`);
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      // Alias bombs end here instead of exhausting memory.
      result.refused.push(`document ${index + 1}: ${(err as Error).message}`);
      continue;
    }
    if (value === null || value === undefined) continue;
    visit(document, [], value, options, result, `document ${index + 1}`);
  }
  // An input that needed nothing goes back as it came, formatting and all.
  if (!result.changed) return { yaml: text, injected: result.injected, refused: result.refused };
  // Keep the input's list style: kubectl and kustomize write `key:\n- item`, editors often indent.
  const indentSeq = !/^( *)[\w.-]+:\n\1- /m.test(text);
  return { yaml: documents.map((document) => document.toString({ indentSeq })).join(''), injected: result.injected, refused: result.refused };
}

/** A result while it is being made: whether any node was replaced yet. */
interface Run extends InjectResult {
  changed: boolean;
}

function visit(document: Document, path: Array<string | number>, value: unknown, options: InjectOptions, result: Run, where: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    result.refused.push(`${where}: not a Kubernetes resource (a mapping with kind)`);
    return;
  }
  const resource = value as Json;
  const kind = typeof resource['kind'] === 'string' ? resource['kind'] : undefined;
  const name = typeof (resource['metadata'] as Json | undefined)?.['name'] === 'string' ? String((resource['metadata'] as Json)['name']) : undefined;
  const label = `${kind ?? '(no kind)'}/${name ?? '(no name)'}`;
  if (kind !== undefined && kind.endsWith('List') && Array.isArray(resource['items'])) {
    resource['items'].forEach((item, i) => visit(document, [...path, 'items', i], item, options, result, `${where} ${kind} item ${i + 1}`));
    return;
  }
  if (kind === 'Pod') {
    result.refused.push(`${label}: a bare Pod cannot be changed once created and has no template to roll; inject the Deployment, Job or other workload that owns it`);
    return;
  }
  const templatePath = kind === undefined ? undefined : templatePaths[kind];
  if (templatePath === undefined) {
    // Services, ConfigMaps, custom resources: passed through as they are. A pod template under
    // a kind we do not know is not: injecting it blind could break it, leaving it out would hide it.
    if (hasPodTemplate(resource)) result.refused.push(`${label}: outrigger inject does not know the kind ${kind ?? '(none)'}; it injects ${Object.keys(templatePaths).join(', ')}`);
    return;
  }
  if (name === undefined) {
    result.refused.push(`${where}: a ${kind} without metadata.name`);
    return;
  }
  const template = at(resource, templatePath);
  try {
    if (template === undefined) throw new InjectRefusal(`it has no ${templatePath.join('.')}`);
    const dataClaim = kind === 'StatefulSet' && hasDataClaim(resource);
    const injected = injectPodTemplate(template as Json, options, { workload: name, dataClaim });
    applyChanges(document, [...path, ...templatePath], template, injected, result);
    result.injected.push(label);
  } catch (err) {
    if (!(err instanceof InjectRefusal)) throw err;
    result.refused.push(`${label}: ${err.message}`);
  }
}

/** Replaces only what differs, key by key, so the YAML nodes (and comments) of the rest stay. */
function applyChanges(document: Document, path: Array<string | number>, before: unknown, after: unknown, run: Run): void {
  if (equal(before, after)) return;
  run.changed = true;
  const node = document.getIn(path, true);
  const bothMaps = isPlain(before) && isPlain(after) && isMap(node);
  // A list that only grew at its end (env, volumes) keeps its items' nodes.
  const grownList = Array.isArray(before) && Array.isArray(after) && before.length <= after.length && isSeq(node);
  if (bothMaps) {
    for (const key of Object.keys(after)) applyChanges(document, [...path, key], before[key], after[key], run);
    return;
  }
  if (grownList) {
    before.forEach((item, i) => applyChanges(document, [...path, i], item, after[i], run));
    for (const item of after.slice(before.length)) node.add(document.createNode(item));
    return;
  }
  document.setIn(path, document.createNode(after));
}

function hasPodTemplate(resource: Json): boolean {
  const spec = resource['spec'] as Json | undefined;
  const template = spec?.['template'] as Json | undefined;
  return Array.isArray((template?.['spec'] as Json | undefined)?.['containers']);
}

function hasDataClaim(resource: Json): boolean {
  const claims = (resource['spec'] as Json)['volumeClaimTemplates'];
  return Array.isArray(claims) && claims.some((claim) => (claim as Json | null)?.['metadata'] !== undefined && ((claim as Json)['metadata'] as Json)['name'] === volumeNames.data);
}

function at(value: Json, path: readonly string[]): unknown {
  let node: unknown = value;
  for (const key of path) node = isPlain(node) ? node[key] : undefined;
  return node;
}

function isPlain(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
