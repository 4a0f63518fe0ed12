/** GET /v1/meta */
import { sendJson } from '../respond.js';
import type { Route } from '../router.js';

export const metaRoutes: Route[] = [
  {
    method: 'GET',
    path: ['v1', 'meta'],
    interaction: 'meta',
    async handle({ res, api }) {
      sendJson(res, 200, api.interactions.meta());
    },
  },
];
