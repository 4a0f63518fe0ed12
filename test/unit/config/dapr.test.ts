/** Config of the Dapr-compatible API: what is resolved, and what validate refuses. */
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfigFile } from '../../../src/config/load.js';
import { writeConfig } from './support.js';

function problems(yaml: string, env: NodeJS.ProcessEnv = {}): Array<{ path: string; message: string }> {
  const result = validateConfigFile(writeConfig(yaml), env);
  return result.ok ? [] : result.problems;
}

describe('config - dapr', () => {
  it('config - dapr is off unless configured', () => {
    expect(loadConfig({ path: writeConfig('brokers: { local: { driver: embedded } }\n'), env: {} }).dapr).toBeUndefined();
  });

  it('config - dapr pubsubs, tokens and the port are resolved', () => {
    const config = loadConfig({
      path: writeConfig('brokers: { local: { driver: embedded } }\ndapr: { httpPort: 3510, grpcPort: 50010, appProtocol: grpc, pubsubs: { pubsub: { broker: local } }, apiToken: a, appToken: b }\n'),
      env: {},
    });
    expect(config.dapr).toEqual({ httpAddr: '127.0.0.1:3510', grpcAddr: '127.0.0.1:50010', appProtocol: 'grpc', resourcesPath: null, pubsubs: { pubsub: { broker: 'local' } }, apiToken: 'a', appToken: 'b' });
  });

  it("config - dapr listens on Dapr's ports by default (HTTP 3500, gRPC 50001 on 127.0.0.1), and the OUTRIGGER_DAPR_* addresses move them", () => {
    const path = writeConfig('dapr: { pubsubs: { pubsub: { broker: local } } }\nbrokers: { local: { driver: embedded } }\n');
    expect(loadConfig({ path, env: {} }).dapr).toMatchObject({ httpAddr: '127.0.0.1:3500', grpcAddr: '127.0.0.1:50001', appProtocol: 'http' });
    const moved = loadConfig({ path, env: { OUTRIGGER_DAPR_HTTP_ADDR: '127.0.0.1:3999', OUTRIGGER_DAPR_GRPC_ADDR: '127.0.0.1:50999' } }).dapr;
    expect(moved).toMatchObject({ httpAddr: '127.0.0.1:3999', grpcAddr: '127.0.0.1:50999' });
  });

  it('config - the OUTRIGGER_DAPR_* addresses never turn the Dapr API on in a config without dapr:', () => {
    const path = writeConfig('brokers: { local: { driver: embedded } }\n');
    const env = { OUTRIGGER_DAPR_HTTP_ADDR: '127.0.0.1:3999', OUTRIGGER_DAPR_GRPC_ADDR: '127.0.0.1:50999' };
    expect(loadConfig({ path, env }).dapr).toBeUndefined();
  });

  it('config - dapr refuses a pubsub on an unknown broker, naming it', () => {
    const found = problems('brokers: { local: { driver: embedded } }\ndapr: { pubsubs: { pubsub: { broker: lokal } } }\n');
    expect(found).toEqual([expect.objectContaining({ path: 'dapr.pubsubs.pubsub.broker', message: expect.stringMatching(/pubsub 'pubsub'.*lokal.*local/) })]);
  });

  it('config - dapr refuses httpAddr and httpPort together, and a remote listener without a token', () => {
    expect(problems('dapr: { httpAddr: "127.0.0.1:3501", httpPort: 3502 }\n').map((p) => p.path)).toEqual(['dapr.httpPort']);
    expect(problems('dapr: { httpAddr: "0.0.0.0:3501" }\n').map((p) => p.path)).toEqual(['dapr.httpAddr']);
    expect(problems('dapr: { grpcAddr: "127.0.0.1:50001", grpcPort: 50002 }\n').map((p) => p.path)).toEqual(['dapr.grpcPort']);
    expect(problems('dapr: { grpcAddr: "0.0.0.0:50001" }\n').map((p) => p.path)).toEqual(['dapr.grpcAddr']);
    expect(problems('dapr: { grpcAddr: "0.0.0.0:50001", apiToken: t }\n')).toEqual([]);
  });
});
