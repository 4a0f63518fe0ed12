import { describe, expect, it } from 'vitest';
import { basePathOf, checkTargetPath, requestPath, targetUrl } from '../../../src/core/query/target-path.js';

describe('query - target paths', () => {
  const base = new URL('http://catalog.svc:8080/api');

  it('appends a clean path and query to the base path, exactly as written', () => {
    expect(targetUrl(base, '/items/42?expand=price&q=a%20b').href).toBe('http://catalog.svc:8080/api/items/42?expand=price&q=a%20b');
    expect(targetUrl(base, '').href).toBe('http://catalog.svc:8080/api');
    expect(targetUrl(base, '/').href).toBe('http://catalog.svc:8080/api/');
    expect(targetUrl(base, '?x=1').href).toBe('http://catalog.svc:8080/api?x=1');
    expect(targetUrl(new URL('http://h:1'), '').href).toBe('http://h:1/');
    expect(targetUrl(base, '/@evil.com/x').host).toBe('catalog.svc:8080');
    expect(targetUrl(base, '/a%20b/c:d/e..f/.well-known').pathname).toBe('/api/a%20b/c:d/e..f/.well-known');
  });

  it.each([
    ['/..', 'dot segments'],
    ['/a/../../x', 'dot segments'],
    ['/./x', 'dot segments'],
    ['/%2e%2e/x', 'dot segments'],
    ['/%2E%2e', 'dot segments'],
    ['/.%2E/x', 'dot segments'],
    ['/a%2f..%2fb', 'encoded slashes'],
    ['/a%2Fb', 'encoded slashes'],
    ['/a%5cb', 'encoded slashes'],
    ['/a\\..\\b', 'encoded slashes'],
    ['/a%00b', 'NUL'],
    ['//evil.com/x', 'empty segments'],
    ['/a//b', 'empty segments'],
    ['x/y', "start with '/'"],
    ['evil.com', "start with '/'"],
    ['/a b', 'printable ASCII'],
    ['/a#b', 'printable ASCII'],
    ['/caf\u00e9', 'printable ASCII'],
  ])('refuses %s (%s)', (path, why) => {
    expect(() => checkTargetPath(path)).toThrow(why);
    expect(() => targetUrl(base, path)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('leaves the query string alone (it cannot change the URL it belongs to)', () => {
    expect(checkTargetPath('/x?next=//evil.com/../a&b=%2e%2e')).toEqual({ path: '/x', query: '?next=//evil.com/../a&b=%2e%2e' });
  });

  it('sends what the URL would have: a plain path as it is, anything else through the URL', () => {
    const bases = [base, new URL('http://h:1'), new URL('http://h:1/a/b/'), new URL('http://h:1/x%20y')];
    const paths = ['', '/', '?', '?x=1', '/items/42', '/items/42/', '/a.b/~c_d-e?x=1&y=/z?w', "/a?it's", '/a?q="<>"', '/a?%zz', '/a%20b', '/a:b@c', '/a?', '/a?b#c'.slice(0, 4), '/é'.slice(0, 1), '/A_Z-09.~'];
    for (const b of bases) {
      for (const path of paths) {
        const url = targetUrl(b, path);
        expect(requestPath(b, basePathOf(b), path), `${b.href} + ${path}`).toBe(url.pathname + url.search);
      }
    }
    expect(() => requestPath(base, basePathOf(base), '/../x')).toThrow('dot segments');
  });
});
