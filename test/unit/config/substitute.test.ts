import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { problemsOf, writeConfig } from './support.js';

/** Loads a config whose only interesting value is the embedded broker's `file` setting. */
function fileSetting(value: string, env: NodeJS.ProcessEnv): unknown {
  const config = loadConfig({ path: writeConfig(`brokers:\n  local: { driver: embedded, file: ${JSON.stringify(value)} }\n`), env });
  return config.brokers['local']!.settings['file'];
}

describe('substitution - environment variables', () => {
  it('config - ${VAR} is replaced by its value, anywhere in a string', () => {
    expect(fileSetting('${DIR}/outrigger-${NAME}.db', { DIR: '/data', NAME: 'bus' })).toBe('/data/outrigger-bus.db');
  });

  it('config - ${VAR:-default} uses the default when the variable is unset or empty', () => {
    expect(fileSetting('${DB:-/tmp/x.db}', {})).toBe('/tmp/x.db');
    expect(fileSetting('${DB:-/tmp/x.db}', { DB: '' })).toBe('/tmp/x.db');
    expect(fileSetting('${DB:-/tmp/x.db}', { DB: '/srv/y.db' })).toBe('/srv/y.db');
  });

  it('config - $${ is a literal ${', () => {
    expect(fileSetting('/tmp/$${NOT_A_VAR}.db', {})).toBe('/tmp/${NOT_A_VAR}.db');
  });

  it('config - values cannot inject YAML structure', () => {
    const hostile = 'x"\nqueues:\n  evil: {}\n# \': ';
    const config = loadConfig({ path: writeConfig('server: { apiToken: "${TOKEN}" }\n'), env: { TOKEN: hostile } });
    expect(config.server.apiToken).toBe(hostile);
    expect(config.queues).toEqual({});
  });

  it('config - a missing variable is a problem at the value that needs it, reported once', () => {
    const problems = problemsOf(() =>
      loadConfig({ path: writeConfig('brokers:\n  bus: { driver: embedded, file: "${SERVICEBUS_CONNECTION}" }\nqueues:\n  jobs: { lease: "${LEASE}" }\n'), env: {} }),
    );
    expect(problems).toEqual([
      { path: 'brokers.bus.file', message: 'environment variable SERVICEBUS_CONNECTION is not set (set it, or write ${SERVICEBUS_CONNECTION:-default})' },
      { path: 'queues.jobs.lease', message: 'environment variable LEASE is not set (set it, or write ${LEASE:-default})' },
    ]);
  });

  it('config - malformed expressions are problems that show the accepted forms', () => {
    const problems = problemsOf(() => loadConfig({ path: writeConfig('server:\n  apiToken: "${not a name}"\ndataDir: "${UNCLOSED"\n'), env: {} }));
    expect(problems).toEqual([
      { path: 'server.apiToken', message: "invalid substitution '${not a name}' (use ${NAME}, ${NAME:-default}, ${file:/path} or $${ for a literal ${)" },
      { path: 'dataDir', message: "unterminated '${' (use ${NAME}, ${NAME:-default}, ${file:/path} or $${ for a literal ${)" },
    ]);
  });

  it('config - keys are never substituted', () => {
    const problems = problemsOf(() => loadConfig({ path: writeConfig('queues:\n  ${NAME}: {}\n'), env: { NAME: 'jobs' } }));
    expect(problems[0]!.path).toBe('queues["${NAME}"]');
  });
});

describe('substitution - files', () => {
  it('config - ${file:/path} reads a mounted secret, trimmed', () => {
    const configPath = writeConfig('server:\n  apiToken: "${file:token}"\n  httpAddr: "127.0.0.1:${PORT:-7700}"\n');
    writeFileSync(join(dirname(configPath), 'token'), 's3cret\n');
    const absolute = join(dirname(configPath), 'token');
    expect(loadConfig({ path: configPath, env: {} }).server.apiToken).toBe('s3cret');
    const other = writeConfig(`server: { apiToken: "\${file:${absolute}}" }\n`);
    expect(loadConfig({ path: other, env: {} }).server.apiToken).toBe('s3cret');
  });

  it('config - an unreadable file is a problem naming the file', () => {
    const problems = problemsOf(() => loadConfig({ path: writeConfig('server: { apiToken: "${file:/nonexistent/token}" }\n'), env: {} }));
    expect(problems).toEqual([{ path: 'server.apiToken', message: 'cannot read file /nonexistent/token for ${file:/nonexistent/token} (ENOENT)' }]);
  });
});
