// Lets a plain `node` child run the TypeScript sources: an import of ./x.js that does not exist
// resolves to ./x.ts (Node 24 strips the types itself).
import { existsSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
export async function resolve(specifier, context, next) {
  if (specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('/')) && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    const ts = url.href.slice(0, -3) + '.ts';
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(ts))) return next(ts, context);
  }
  return next(specifier, context);
}
