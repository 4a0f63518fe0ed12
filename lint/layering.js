/**
 * The layering of src/ as a lint rule: each folder under src/ is a layer that may import only the
 * layers it names. Specifiers are resolved against the importing file, so `../../core/x.js` is
 * caught however many `..` it takes; type-only imports, re-exports and dynamic imports count too,
 * since each ties one layer's code to another's. Files directly in src/ (main.ts, daemon.ts) are
 * the composition root: they may import anything and no layer may import them.
 * A layer with `isolatedFolders` (src/drivers) also keeps its folders apart: a folder imports
 * itself, the files directly in the layer (the contract) and its family's shared folder — the
 * folder whose name, with a dash, begins its own (src/drivers/azure/ for azure-*) — never a
 * sibling, so one broker's driver never leans on another's.
 */
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
const imports = {
  meta: {
    type: 'problem',
    docs: { description: 'A layer under src/ imports only the layers it may use.' },
    schema: [
      {
        type: 'object',
        properties: {
          layers: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                may: { type: 'array', items: { type: 'string' } },
                packages: { type: 'boolean' },
                isolatedFolders: { type: 'boolean' },
              },
              required: ['may'],
              additionalProperties: false,
            },
          },
        },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      layer: "src/{{from}} may not import src/{{to}} ('{{specifier}}'); it may import {{allowed}}.",
      root: "src/{{from}} may not import the composition root ('{{specifier}}').",
      package: "src/{{from}} may import only Node built-ins, not the package '{{specifier}}'.",
      folder: "src/{{from}}/{{folder}} may not import src/{{from}}/{{to}} ('{{specifier}}'); a folder imports itself, the files directly in src/{{from}} and its family's shared folder.",
    },
  },
  create(context) {
    const { layers } = context.options[0];
    const from = layerOf(context.cwd, context.filename, layers);
    if (from === undefined || from === rootPart) return {};
    const rules = layers[from];
    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
        if (rules.packages === false && !isBuiltin(specifier)) context.report({ node, messageId: 'package', data: { from, specifier } });
        return;
      }
      const target = resolve(dirname(context.filename), specifier);
      const to = layerOf(context.cwd, target, layers);
      if (to === from && rules.isolatedFolders === true) {
        const [folder, toFolder] = [folderOf(context.cwd, context.filename), folderOf(context.cwd, target)];
        if (folder !== undefined && toFolder !== undefined && folder !== toFolder && !folder.startsWith(`${toFolder}-`)) {
          context.report({ node, messageId: 'folder', data: { from, folder, to: toFolder, specifier } });
        }
        return;
      }
      if (to === undefined || to === from || rules.may.includes(to)) return;
      if (to === rootPart) context.report({ node, messageId: 'root', data: { from, specifier } });
      else context.report({ node, messageId: 'layer', data: { from, to, specifier, allowed: rules.may.length === 0 ? 'nothing from src/' : rules.may.map((l) => `src/${l}`).join(', ') } });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => node.source && check(node.source, node.source.value),
    };
  },
};

/** Stands for a file directly in src/. */
const rootPart = Symbol('composition root');

/** The layer a path lies in, `rootPart` for a file directly in src/, undefined outside src/. */
function layerOf(cwd, path, layers) {
  const parts = relative(cwd, path).split(sep);
  if (parts[0] !== 'src') return undefined;
  if (parts.length === 2) return rootPart;
  return Object.hasOwn(layers, parts[1]) ? parts[1] : undefined;
}

/** The folder inside a layer a path lies in (src/<layer>/<folder>/...), undefined for a file directly in the layer. */
function folderOf(cwd, path) {
  const parts = relative(cwd, path).split(sep);
  return parts.length > 3 ? parts[2] : undefined;
}

export default { rules: { imports } };
