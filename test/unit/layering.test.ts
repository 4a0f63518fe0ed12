import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layering rule's messages for `code` linted as if it were the file at `filePath`. */
async function layering(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'layering/imports' || m.fatal).map((m) => m.message);
}

/** [importing file, imported specifier]: each must be refused. */
const forbidden: [string, string][] = [
  ['src/kernel/x.ts', '../core/interactions.js'],
  ['src/kernel/x.ts', '../drivers/contract.js'],
  ['src/kernel/x.ts', '../config/types.js'],
  ['src/drivers/embedded/x.ts', '../../core/resources.js'],
  ['src/drivers/embedded/x.ts', '../../api/http/router.js'],
  ['src/drivers/x.ts', '../config/types.js'],
  ['src/drivers/azure-servicebus/x.ts', '../../observability/metrics.js'],
  ['src/api/http/routes/x.ts', '../../../drivers/contract.js'],
  ['src/api/grpc/x.ts', '../../drivers/embedded/index.js'],
  ['src/core/x.ts', '../api/http/router.js'],
  ['src/core/query/request-reply/x.ts', '../../../api/grpc/status.js'],
  ['src/config/x.ts', '../core/resources.js'],
  ['src/config/x.ts', '../api/http/router.js'],
  ['src/config/x.ts', '../observability/metrics.js'],
  ['src/observability/x.ts', '../core/resources.js'],
  ['src/observability/x.ts', '../api/http/router.js'],
  ['src/observability/x.ts', '../drivers/contract.js'],
  ['src/core/x.ts', '../daemon.js'],
  ['src/drivers/azure-eventhubs/x.ts', '../azure-servicebus/errors.js'],
  ['src/drivers/embedded/x.ts', '../azure/identity.js'],
  ['src/drivers/azure/x.ts', '../azure-servicebus/credentials.js'],
];

/** [importing file, imported specifier]: each must pass. */
const allowed: [string, string][] = [
  ['src/kernel/x.ts', './errors.js'],
  ['src/kernel/x.ts', 'node:crypto'],
  ['src/drivers/embedded/x.ts', '../../kernel/errors.js'],
  ['src/drivers/embedded/x.ts', '../contract.js'],
  ['src/drivers/embedded/x.ts', './sqlite.js'],
  ['src/drivers/azure-servicebus/x.ts', '@azure/service-bus'],
  ['src/drivers/azure-servicebus/x.ts', '../azure/identity.js'],
  ['src/drivers/azure/x.ts', '../contract.js'],
  ['src/drivers/registry.ts', './embedded/descriptor.js'],
  ['src/api/http/x.ts', '../../core/interactions.js'],
  ['src/api/http/x.ts', '../../config/types.js'],
  ['src/api/http/x.ts', '../../observability/metrics.js'],
  ['src/api/http/x.ts', '../../kernel/problem.js'],
  ['src/core/x.ts', '../drivers/contract.js'],
  ['src/core/x.ts', '../observability/metrics.js'],
  ['src/core/x.ts', '../config/types.js'],
  ['src/config/x.ts', '../drivers/registry.js'],
  ['src/config/x.ts', '../kernel/errors.js'],
  ['src/observability/x.ts', '../config/types.js'],
  ['src/observability/x.ts', '../kernel/errors.js'],
  ['src/daemon.ts', './drivers/registry.js'],
  ['src/main.ts', './api/http/server.js'],
];

describe('layering - lint refuses an import against the architecture', () => {
  it.each(forbidden)('%s importing %s is refused', async (file, specifier) => {
    expect(await layering(file, `import { thing } from '${specifier}';\nexport { thing };\n`)).toEqual([expect.stringContaining(`'${specifier}'`)]);
  });

  it.each(allowed)('%s importing %s passes', async (file, specifier) => {
    expect(await layering(file, `import { thing } from '${specifier}';\nexport { thing };\n`)).toEqual([]);
  });

  it('a type-only import, a re-export and a dynamic import count as much as an import', async () => {
    const code = [
      "import type { Resources } from '../core/resources.js';",
      "export { Metrics } from '../core/metrics.js';",
      "export * from '../drivers/contract.js';",
      "export const load = () => import('../api/http/router.js');",
      "export type Later = import('../core/interactions.js').Interactions;",
      'export type Kept = Resources;',
    ].join('\n');
    expect(await layering('src/observability/x.ts', code)).toHaveLength(5);
  });

  it('the kernel uses Node built-ins only, not packages', async () => {
    expect(await layering('src/kernel/x.ts', "import { pino } from 'pino';\nexport { pino };\n")).toEqual([expect.stringContaining("'pino'")]);
  });

  it('the message names what the layer may import', async () => {
    expect(await layering('src/observability/x.ts', "import { x } from '../core/resources.js';\nexport { x };\n")).toEqual([
      "src/observability may not import src/core ('../core/resources.js'); it may import src/kernel, src/config.",
    ]);
  });
});
