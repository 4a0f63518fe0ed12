// `node --import ./register.mjs child.ts`: installs hooks.mjs before the child's first import.
import { register } from 'node:module';
import { URL } from 'node:url';

register(new URL('./hooks.mjs', import.meta.url));
