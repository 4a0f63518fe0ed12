/**
 * The deploy/ example for Storage Queues with workload identity, as kustomize renders it: the base
 * with the storage-queue component, whose config passes `outrigger validate` and names the account
 * by accountUrl (no secret), on pods that carry the workload-identity label and ServiceAccount;
 * and the role the identity needs is the one deploy/README.md assigns.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { validateConfigFile } from '../../../src/config/load.js';
import { tempDir } from '../../infra/helpers/temp-dir.js';

const deployDir = fileURLToPath(new URL('../../../deploy/', import.meta.url));
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;

interface Resource {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: { serviceAccountName?: string } } };
}

/** `kubectl kustomize` of deploy/overlays/storage-queue: the base with the storage-queue component. */
function render(): Resource[] {
  const result = spawnSync('kubectl', ['kustomize', join(deployDir, 'overlays', 'storage-queue')], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Resource);
}

describe('storage queues - deploy example with workload identity', () => {
  (haveKubectl ? it : it.skip)('deploy - the storage-queue component renders a config that validates, by accountUrl, on pods with the workload identity', () => {
    const resources = render();
    const config = resources.find((r) => r.kind === 'ConfigMap' && r.metadata.name.startsWith('orders-outrigger-config'))?.data?.['outrigger.yaml'];
    expect(config).toBeDefined();
    const file = join(tempDir('deploy'), 'outrigger.yaml');
    writeFileSync(file, config ?? '');
    const validated = validateConfigFile(file, {});
    expect(validated.ok ? [] : validated.problems).toEqual([]);
    const store = (parse(config ?? '') as { brokers: Record<string, Record<string, unknown>> }).brokers.store;
    expect(store).toMatchObject({ driver: 'azure-storage-queue', accountUrl: expect.stringMatching(/^https:\/\/[a-z0-9]+\.queue\.core\.windows\.net$/) as unknown });
    expect(store).not.toHaveProperty('connectionString');

    const account = resources.find((r) => r.kind === 'ServiceAccount' && r.metadata.name === 'orders');
    expect(account?.metadata.annotations).toHaveProperty(['azure.workload.identity/client-id']);
    const pods = resources.find((r) => r.kind === 'Deployment')?.spec?.template;
    expect(pods?.metadata?.labels).toMatchObject({ 'azure.workload.identity/use': 'true' });
    expect(pods?.spec?.serviceAccountName).toBe('orders');
  });

  if (!haveKubectl) it.skip('deploy - skipped: kubectl is not on PATH, so the kustomize rendering above is not checked', () => undefined);

  it('deploy - the README assigns the identity the Storage Queue Data Contributor role on the account', () => {
    const readme = readFileSync(join(deployDir, 'README.md'), 'utf8');
    expect(readme).toMatch(/az role assignment create [^`]*--role "Storage Queue Data Contributor" --scope \$ST_ID/);
  });
});
