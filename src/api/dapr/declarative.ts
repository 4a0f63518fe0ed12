/**
 * Dapr's declarative subscriptions: `Subscription` resources (dapr.io/v2alpha1, and v1alpha1's
 * single route) in YAML files of the folder dapr.resourcesPath, as Dapr's --resources-path. Each
 * spec has the fields of an entry of GET /dapr/subscribe, so the same planner reads it; `scopes`
 * keeps a resource to the app ids it names. Other kinds in the folder (components) are left alone here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const apiVersions = new Set(['dapr.io/v1alpha1', 'dapr.io/v2alpha1']);

export interface DeclaredSubscriptions {
  /** Specs for planSubscriptions, in file order. */
  entries: unknown[];
  /** What could not be read, each naming its file. */
  problems: string[];
}

export function readSubscriptionResources(folder: string, appId: string): DeclaredSubscriptions {
  const found: DeclaredSubscriptions = { entries: [], problems: [] };
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => /\.ya?ml$/i.test(file)).sort();
  } catch (err) {
    found.problems.push(`dapr.resourcesPath ${folder} cannot be read: ${(err as Error).message}`);
    return found;
  }
  for (const file of files) {
    const path = join(folder, file);
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (document.errors.length > 0) {
        found.problems.push(`${path}: ${document.errors[0]!.message}`);
        continue;
      }
      const resource = document.toJS() as Record<string, unknown> | null;
      if (resource === null || typeof resource !== 'object' || resource.kind !== 'Subscription') continue;
      const name = (resource.metadata as { name?: string } | undefined)?.name ?? '(no name)';
      if (typeof resource.apiVersion !== 'string' || !apiVersions.has(resource.apiVersion)) {
        found.problems.push(`${path}: Subscription ${name} has apiVersion ${String(resource.apiVersion)}; ${[...apiVersions].join(' and ')} are read`);
        continue;
      }
      const scopes = resource.scopes;
      if (Array.isArray(scopes) && scopes.length > 0 && !scopes.includes(appId)) continue;
      found.entries.push(resource.spec ?? null);
    }
  }
  return found;
}
