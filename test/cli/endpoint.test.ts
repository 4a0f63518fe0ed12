/** Where the CLI finds the sidecar: the daemon's own variables and config, loopback for "anywhere". */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiEndpoint, urlOf } from '../../src/config/api-endpoint.js';
import { ConfigError } from '../../src/config/errors.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

function configFile(text: string): string {
  const file = join(tempDir('endpoint'), 'outrigger.yaml');
  writeFileSync(file, text);
  return file;
}

describe('endpoint - the sidecar the CLI talks to', () => {
  it('endpoint - defaults to the daemon\'s default address, no token', () => {
    expect(apiEndpoint({ env: {} })).toEqual({ url: 'http://127.0.0.1:7700', token: null });
  });

  it('endpoint - a listener on every interface is reached on loopback', () => {
    expect(urlOf('0.0.0.0:7700')).toBe('http://127.0.0.1:7700');
    expect(urlOf(':9000')).toBe('http://127.0.0.1:9000');
    expect(urlOf('[::]:7700')).toBe('http://[::1]:7700');
    expect(urlOf('10.0.0.5:7700')).toBe('http://10.0.0.5:7700');
  });

  it('endpoint - variables win over the config file, which wins over defaults', () => {
    const file = configFile('server:\n  httpAddr: 127.0.0.1:9100\n  apiToken: "${TOKEN_FROM_ENV}"\n');
    expect(apiEndpoint({ path: file, env: { TOKEN_FROM_ENV: 'from-file' } })).toEqual({ url: 'http://127.0.0.1:9100', token: 'from-file' });
    expect(apiEndpoint({ env: { OUTRIGGER_CONFIG: file, TOKEN_FROM_ENV: 't', OUTRIGGER_HTTP_ADDR: '127.0.0.1:9200', OUTRIGGER_API_TOKEN: 'env' } })).toEqual({ url: 'http://127.0.0.1:9200', token: 'env' });
  });

  it('endpoint - only the server section is read: broker secrets need not be set', () => {
    const file = configFile('server: { httpAddr: "127.0.0.1:9300" }\nbrokers:\n  bus: { driver: azure-servicebus, connectionString: "${NOT_SET}" }\n');
    expect(apiEndpoint({ path: file, env: {} }).url).toBe('http://127.0.0.1:9300');
  });

  it('endpoint - a token variable that is not set, or a missing file, is a ConfigError naming it', () => {
    const file = configFile('server: { apiToken: "${NOT_SET}" }\n');
    expect(() => apiEndpoint({ path: file, env: {} })).toThrow(ConfigError);
    expect(() => apiEndpoint({ path: file, env: {} })).toThrow(/NOT_SET/);
    expect(() => apiEndpoint({ path: '/nonexistent/outrigger.yaml', env: {} })).toThrow(/cannot read the configuration file/);
  });
});
