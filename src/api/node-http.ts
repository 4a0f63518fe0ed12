/**
 * node:http's server for the API listeners, taken from Node's CommonJS module. An ESM `import`
 * of node:http builds a namespace from every export, and reading three of them (WebSocket,
 * CloseEvent, MessageEvent) loads Node's bundled undici client with http2 and zlib: megabytes
 * of memory an idle sidecar never uses. eslint refuses value imports of node:http in src/.
 */
export const { createServer } = process.getBuiltinModule('node:http');
