import { describe, expect, it } from 'vitest';
import { Router, type Route } from '../../src/api/http/router.js';

const route = (method: Route['method'], path: string[], interaction: string): Route => ({ method, path, interaction, handle: async () => undefined });

const router = new Router([
  route('POST', ['v1', 'command', '{name}'], 'command'),
  route('POST', ['v1', 'query'], 'query_many'),
  route('*', ['v1', 'query', '{name}', '{rest...}'], 'query'),
]);

describe('router', () => {
  it('matches fixed routes by method and segment count, as before', () => {
    expect(router.match('POST', '/v1/command/jobs')).toMatchObject({ name: 'jobs', rest: '' });
    expect(() => router.match('GET', '/v1/command/jobs')).toThrow(expect.objectContaining({ code: 'method_not_allowed', extensions: { allow: ['POST'] } }));
    expect(() => router.match('POST', '/v1/command/jobs/extra')).toThrow(expect.objectContaining({ code: 'route_not_found' }));
    expect(() => router.match('GET', '/v1/query')).toThrow(expect.objectContaining({ code: 'method_not_allowed' }));
  });

  it('gives a {rest...} route any method and the raw rest of the path, leading slash included', () => {
    for (const method of ['GET', 'DELETE', 'PATCH', 'PROPFIND']) expect(router.match(method, '/v1/query/catalog/a/b').route.interaction).toBe('query');
    expect(router.match('GET', '/v1/query/catalog')).toMatchObject({ name: 'catalog', rest: '' });
    expect(router.match('GET', '/v1/query/catalog/')).toMatchObject({ name: 'catalog', rest: '/' });
    expect(router.match('GET', '/v1/query/x', '/v1/query/catalog/../x')).toMatchObject({ name: 'catalog', rest: '/../x' });
    expect(router.match('GET', '/v1/query/c%61talog/%2e%2e')).toMatchObject({ name: 'catalog', rest: '/%2e%2e' });
  });

  it('validates the name of a {rest...} route like any other', () => {
    expect(() => router.match('GET', '/v1/query/catalog@evil.com/x')).toThrow(expect.objectContaining({ code: 'invalid_name' }));
  });
});
