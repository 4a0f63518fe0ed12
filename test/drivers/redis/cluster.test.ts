/**
 * Redis Cluster is refused, clearly: settings that describe a cluster at validate and create, and
 * a server that turns out to be a cluster node at connect, each naming the broker and the reason.
 */
import { describe, expect, it } from 'vitest';
import { checkRedisSettings, clusterRefusal } from '../../../src/drivers/redis/settings.js';
import { createRedisDriver } from '../../../src/drivers/redis/index.js';
import { expectCode } from '../../conformance/support.js';
import { PrivateRedis } from './private-server.js';

const clusterSettings: [string, Record<string, unknown>, string][] = [
  ['a redis+cluster:// url', { url: 'redis+cluster://cache:6379' }, 'asks for a cluster'],
  ['a url naming several servers', { url: 'redis://a:6379,b:6379' }, 'names several servers'],
  ['cluster: true', { cluster: true }, "setting 'cluster' describes a cluster"],
  ['a list of nodes', { nodes: ['redis://a:6379', 'redis://b:6379'] }, "setting 'nodes' describes a cluster"],
];

describe('redis cluster', () => {
  it.each(clusterSettings)('cluster - %s is refused at validate and at create, saying why', async (_name, settings, detail) => {
    const problems = checkRedisSettings(settings).map((problem) => problem.message);
    expect(problems).toContainEqual(expect.stringContaining(clusterRefusal));
    expect(problems).toContainEqual(expect.stringContaining(detail));
    const error = await expectCode(createRedisDriver({ name: 'cache', settings, dataDir: '.' }), 'bad_request');
    expect(error.message).toContain("redis broker 'cache'");
    expect(error.message).toContain(clusterRefusal);
  });

  it('cluster - a server running in cluster mode is refused at connect, naming the broker', async () => {
    const server = await PrivateRedis.start('everysec', ['--cluster-enabled', 'yes']);
    try {
      const driver = await createRedisDriver({ name: 'cache', settings: { url: server.url }, dataDir: '.' });
      const error = await expectCode(driver.connect(), 'unsupported_operation');
      expect(error.message).toContain("Redis broker 'cache' is a node of a Redis Cluster");
      expect(driver.isConnected()).toBe(false);
      await driver.close();
    } finally {
      await server.remove();
    }
  });
});
