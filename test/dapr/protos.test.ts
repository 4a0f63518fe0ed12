/**
 * Dapr's .proto files are found where the SDK installs them and where the image puts them, and
 * their absence is named with what to do.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daprProtoRoot } from '../../src/api/dapr/grpc/protos.js';

const root = mkdtempSync(join(tmpdir(), 'outrigger-dapr-protos-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dapr protos - where the gRPC API finds them', () => {
  it("dapr protos - found above dist/ in the image's layout, as the Dockerfile copies them", () => {
    const app = join(root, 'app');
    const module = join(app, 'dist', 'src', 'api', 'dapr', 'grpc');
    const runtime = join(app, 'node_modules', '@dapr', 'dapr', 'proto', 'dapr', 'proto', 'runtime', 'v1');
    mkdirSync(module, { recursive: true });
    mkdirSync(runtime, { recursive: true });
    writeFileSync(join(runtime, 'dapr.proto'), 'syntax = "proto3";\n');
    expect(daprProtoRoot(module)).toBe(join(app, 'node_modules', '@dapr', 'dapr', 'proto'));
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/node_modules\/@dapr\/dapr\/proto \.\/node_modules\/@dapr\/dapr\/proto\/$/m);
  });

  it('dapr protos - missing, the error says where they were looked for and how to get them', () => {
    const bare = join(root, 'bare', 'dist', 'src');
    mkdirSync(bare, { recursive: true });
    expect(() => daprProtoRoot(bare)).toThrow(/node_modules\/@dapr\/dapr\/proto.*npm ci.*Dockerfile/);
  });

  it('dapr protos - this checkout has them from the devDependency', () => {
    expect(readFileSync(join(daprProtoRoot(), 'dapr', 'proto', 'runtime', 'v1', 'dapr.proto'), 'utf8')).toContain('service Dapr');
  });
});
