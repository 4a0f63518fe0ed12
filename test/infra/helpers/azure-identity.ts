/**
 * For the Azure drivers' workload-identity tests: a pod without any identity (every variable
 * DefaultAzureCredential reads is unset for each test and put back after it), and the problems
 * a driver refuses its settings with.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { OutriggerError } from '../../../src/kernel/errors.js';

const identityVariables = ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_SECRET', 'AZURE_USERNAME', 'AZURE_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'MSI_ENDPOINT'];

/** Call at the top of a test file. */
export function withoutAzureIdentity(): void {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(identityVariables.map((name) => [name, process.env[name]]));
    for (const name of identityVariables) delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** The `problems` of the bad_request a driver's creation fails with (fails the test if it does not). */
export async function settingsProblems(create: Promise<unknown>): Promise<string[]> {
  const error = await create.catch((err: unknown) => err);
  expect(error).toBeInstanceOf(OutriggerError);
  return (error as OutriggerError).extensions.problems as string[];
}
