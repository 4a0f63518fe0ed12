/**
 * `outrigger inject` on a corpus of manifests: every output is checked against the Kubernetes
 * API schema (kubernetes-models), carries the sidecar as deploy/ does, and is its own fixpoint.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as apps from 'kubernetes-models/apps/v1';
import * as batch from 'kubernetes-models/batch/v1';
import * as core from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { injectYaml } from '../../src/cli/inject/documents.js';
import type { InjectOptions } from '../../src/cli/inject/sidecar.js';
import { undeclaredFields } from './k8s-fields.js';
import { runCli } from './support.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const read = (name: string): string => readFileSync(fixture(name), 'utf8');
const deployDeployment = fileURLToPath(new URL('../../deploy/base/deployment.yaml', import.meta.url));

const options: InjectOptions = { image: 'registry.example.com/platform/outrigger:0.1.0', configMap: null, secret: null, appPort: null, gracePeriodSeconds: 30 };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const models: Record<string, Record<string, new (data: Json) => { validate(): void }>> = {
  'apps/v1': apps as never,
  'batch/v1': batch as never,
  v1: core as never,
};

/** Every resource of a YAML stream, Lists opened. */
function resources(text: string): Json[] {
  const all = parseAllDocuments(text) as Array<{ toJS(): Json | null }>;
  return all.map((d) => d.toJS()).filter((r): r is Json => r !== null).flatMap((r) => (r['kind'] === 'List' ? (r['items'] as Json[]) : [r]));
}

function validateAll(text: string): void {
  for (const resource of resources(text)) {
    const Model = models[resource['apiVersion']]?.[resource['kind']];
    if (Model === undefined) continue;
    expect(() => new Model(resource).validate(), `${resource['kind']}/${resource['metadata']?.name}`).not.toThrow();
  }
}

function podSpecOf(resource: Json): Json {
  return resource['kind'] === 'CronJob' ? resource['spec'].jobTemplate.spec.template : resource['spec'].template;
}

function injectOk(text: string, opts: InjectOptions = options): string {
  const result = injectYaml(text, opts);
  expect(result.refused).toEqual([]);
  return result.yaml;
}

describe('inject - the corpus', () => {
  const good = ['deployment-and-service.yaml', 'statefulset.yaml', 'daemonset.yaml', 'job-and-cronjob.yaml', 'list.yaml'];
  for (const name of good) {
    it(`inject - ${name}: valid against the Kubernetes schema, with a native sidecar, and injecting again changes nothing`, () => {
      const text = read(name);
      validateAll(text);
      const once = injectOk(text);
      validateAll(once);
      expect(injectOk(once)).toBe(once);
      const workloads = resources(once).filter((r) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(r['kind']));
      expect(workloads.length).toBeGreaterThan(0);
      for (const workload of workloads) {
        const template = podSpecOf(workload);
        const [sidecar] = template.spec.initContainers as Json[];
        expect(sidecar).toMatchObject({ name: 'outrigger', image: options.image, restartPolicy: 'Always', args: ['--config', '/etc/outrigger/outrigger.yaml'] });
        expect(sidecar!['startupProbe'].httpGet).toEqual({ path: '/readyz', port: 'admin' });
        expect(sidecar!['readinessProbe'].httpGet).toEqual({ path: '/readyz', port: 'admin' });
        expect(sidecar!['livenessProbe'].httpGet).toEqual({ path: '/healthz', port: 'admin' });
        expect(sidecar!['securityContext']).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(sidecar!['env']).toContainEqual({ name: 'OUTRIGGER_API_TOKEN', valueFrom: { secretKeyRef: { name: `${workload['metadata'].name}-outrigger-secrets`, key: 'api-token' } } });
        expect(undeclaredFields(template.spec)).toEqual([]);
        expect(template.metadata.labels['outrigger/sidecar']).toBe('true');
        expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
        expect(template.spec.volumes).toContainEqual({ name: 'outrigger-config', configMap: { name: `${workload['metadata'].name}-outrigger-config` } });
        for (const container of template.spec.containers as Json[]) expect(container['env']).toContainEqual({ name: 'OUTRIGGER_URL', value: 'http://127.0.0.1:7700' });
      }
    });
  }

  it('inject - keeps what is not a workload, comments, and the app\'s own env; pushes go to the first container port', () => {
    const once = injectOk(read('deployment-and-service.yaml'));
    expect(once).toContain('# A typical app file');
    expect(once).toContain('# the app\'s own setting stays');
    const [deployment, service] = resources(once);
    expect(service).toEqual(resources(read('deployment-and-service.yaml'))[1]);
    expect(deployment!['spec'].template.spec.containers[0].env[0]).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(deployment!['spec'].template.spec.initContainers[0].env).toContainEqual({ name: 'OUTRIGGER_APP_URL', value: 'http://127.0.0.1:8080' });
  });

  it('inject - keeps the input\'s list style (kubectl and kustomize write lists unindented)', () => {
    const text = ['apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', '  selector:', '    matchLabels:', '      app: agent', '  template:', '    metadata:', '      labels:', '        app: agent', '    spec:', '      containers:', '      - image: agent:1', '        name: agent', ''].join('\n');
    const once = injectOk(text);
    expect(once).toContain('      containers:\n      - image: agent:1');
    expect(once).toMatch(/\n {6}initContainers:\n {6}- /);
    expect(injectOk(once)).toBe(once);
  });

  it('inject - a StatefulSet\'s claim template is its data volume, and a longer termination period stays', () => {
    const [set] = resources(injectOk(read('statefulset.yaml')));
    const spec = set!['spec'].template.spec;
    expect(spec.volumes.map((v: Json) => v['name'])).toEqual(['outrigger-config', 'outrigger-tmp']);
    expect(spec.terminationGracePeriodSeconds).toBe(120);
  });

  it('inject - the sidecar goes first, before the pod\'s own init containers', () => {
    const [, cron] = resources(injectOk(read('job-and-cronjob.yaml')));
    expect(cron!['spec'].jobTemplate.spec.template.spec.initContainers.map((c: Json) => c['name'])).toEqual(['outrigger', 'migrate']);
  });

  it('inject - flags name the image, ConfigMap, Secret, app port and grace period', () => {
    const [deployment] = resources(injectOk(read('deployment-and-service.yaml'), { image: 'my/outrigger:9', configMap: 'shared-config', secret: 'shared-token', appPort: 9090, gracePeriodSeconds: 90 }));
    const spec = deployment!['spec'].template.spec;
    expect(spec.initContainers[0]).toMatchObject({ image: 'my/outrigger:9' });
    expect(spec.initContainers[0].env).toContainEqual({ name: 'OUTRIGGER_APP_URL', value: 'http://127.0.0.1:9090' });
    expect(spec.volumes).toContainEqual({ name: 'outrigger-config', configMap: { name: 'shared-config' } });
    expect(spec.containers[0].env).toContainEqual({ name: 'OUTRIGGER_API_TOKEN', valueFrom: { secretKeyRef: { name: 'shared-token', key: 'api-token' } } });
    expect(spec.terminationGracePeriodSeconds).toBe(120);
  });

  it('inject - injecting again with another Secret moves the sidecar and the app to it together', () => {
    const first = injectOk(read('daemonset.yaml'), { ...options, secret: 'old-token' });
    const [set] = resources(injectOk(first, { ...options, secret: 'new-token' }));
    const spec = set!['spec'].template.spec;
    const tokenOf = (container: Json) => (container['env'] as Json[]).filter((e) => e['name'] === 'OUTRIGGER_API_TOKEN').map((e) => e['valueFrom'].secretKeyRef.name);
    expect(tokenOf(spec.initContainers[0])).toEqual(['new-token']);
    expect(tokenOf(spec.containers[0])).toEqual(['new-token']);
  });

  it('inject - deploy/base/deployment.yaml already carries our sidecar: kept in place, its extra env kept, and stable', () => {
    const text = readFileSync(deployDeployment, 'utf8');
    const once = injectOk(text, { ...options, image: 'outrigger:0.1.0' });
    validateAll(once);
    expect(injectOk(once, { ...options, image: 'outrigger:0.1.0' })).toBe(once);
    const [deployment] = resources(once);
    const spec = deployment!['spec'].template.spec;
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0].env.map((e: Json) => e['name'])).toContain('OUTRIGGER_LOG_LEVEL');
    expect(spec.volumes).toContainEqual({ name: 'outrigger-config', configMap: { name: 'orders-outrigger-config' } });
  });
});

describe('inject - the field check', () => {
  it('inject - a field the Kubernetes API does not declare is caught, however deep', () => {
    expect(undeclaredFields({ containers: [{ name: 'a', image: 'b', livenessProbe: { httpGet: { path: '/', prot: 1 } } }], restartPolice: 'Never' })).toEqual([
      'containers[0].livenessProbe.httpGet.prot',
      'restartPolice',
    ]);
  });
});

describe('inject - refusals', () => {
  const cases: Array<[string, RegExp]> = [
    ['pod.yaml', /Pod\/debug: a bare Pod/],
    ['unknown-kind.yaml', /Rollout\/storefront: outrigger inject does not know the kind Rollout/],
    ['foreign-outrigger.yaml', /Deployment\/boats: .*init container named 'outrigger' that is not an Outrigger native sidecar/],
    ['regular-sidecar.yaml', /Deployment\/legacy: .*container named 'outrigger' under containers/],
  ];
  for (const [name, message] of cases) {
    it(`inject - refuses ${name} with the reason`, () => {
      const result = injectYaml(read(name), options);
      expect(result.refused).toHaveLength(1);
      expect(result.refused[0]).toMatch(message);
    });
  }
});

describe('inject - input that is not Kubernetes YAML', () => {
  it('inject - a syntax error, a scalar document and an alias bomb are refused, never thrown', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefg'[i]}`).join(', ')}]`), 'kind: Deployment'].join('\n');
    for (const text of ['kind: [unclosed', 'just a string', bomb]) {
      const result = injectYaml(text, options);
      expect(result.refused, text.slice(0, 20)).toHaveLength(1);
    }
  });
});

describe('inject - the built CLI', () => {
  it('cli - reads stdin, writes the injected YAML, exit 0; injecting its output again gives the same bytes', async () => {
    const first = await runCli(['inject', '--image', 'outrigger:1'], { input: read('list.yaml') });
    expect(first.code).toBe(0);
    validateAll(first.stdout);
    const second = await runCli(['inject', '-', '--image', 'outrigger:1'], { input: first.stdout });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
  });

  it('cli - a refused resource writes nothing to stdout and exits 1, naming every reason', async () => {
    const run = await runCli(['inject', fixture('pod.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/a bare Pod/);
  });

  it('cli - bad flags are usage errors (exit 2)', async () => {
    expect((await runCli(['inject', fixture('daemonset.yaml'), '--secret', 'Not_A_Name'])).code).toBe(2);
    expect((await runCli(['inject', fixture('daemonset.yaml'), '--grace-period', 'soon'])).code).toBe(2);
    expect((await runCli(['inject', '/nonexistent.yaml'])).code).toBe(2);
  });
});
