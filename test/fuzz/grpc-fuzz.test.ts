/**
 * Malformed gRPC at the wire (grpc-frames.ts) against the built daemon, several calls at a time
 * on one HTTP/2 connection. A short seeded run is part of `npm test`; `npm run fuzz` (FUZZ_RUNS
 * set) sends 10,000 or FUZZ_GRPC_RUNS. Whatever arrives: the daemon stays up; every call it answers
 * ends with a gRPC status (or HTTP 415 for a content type that is not gRPC's, as the gRPC HTTP/2
 * protocol says), never UNKNOWN or INTERNAL (but for the two grpc-js answers below), and none is left hanging; its RSS stays bounded.
 * Prints one "fuzz-figures" JSON line for docs/reliability.md.
 */
import { readFileSync } from 'node:fs';
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiProtoFiles, healthProtoFile, loaderOptions, protoRoot } from '../../src/api/grpc/protos.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { Fuzz, seeded } from './generate.js';
import { GrpcFuzz, rpcMethods, type GrpcCase } from './grpc-frames.js';

const seed = Number(process.env.FUZZ_SEED ?? 20261205);
const runs = Number(process.env.FUZZ_GRPC_RUNS ?? (process.env.FUZZ_RUNS !== undefined ? 10_000 : 500));
const parallel = 8;
/** grpc-js refuses messages above this (src/api/grpc/server.ts: maxBodyBytes + the envelope's room). */
const maxMessageBytes = 1_048_576 + 64 * 1024;
/** A peak far above this would mean a malformed call is held onto. */
const rssBoundBytes = 768 * 1024 * 1024;
/**
 * INTERNAL that grpc-js itself answers, before any Outrigger code sees the call, as gRPC's core
 * does: a grpc-timeout header that is not 1-8 digits and a unit, and a message flagged compressed
 * that does not decompress. Anything else INTERNAL is a failure.
 */
const transportInternal = /^(Invalid grpc-timeout value|Failed to decompress message)/;

let daemon: RunningDaemon;

beforeAll(async () => {
  daemon = await startDaemon();
});

afterAll(async () => {
  await daemon?.stop();
});

interface Answer {
  httpStatus?: number;
  grpcStatus?: number;
  message?: string;
  /** Still open when the client gave up waiting. */
  open: boolean;
}

function rss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/\d+/.exec(line ?? '')?.[0] ?? 0) * 1024;
}

function call(session: ClientHttp2Session, c: GrpcCase, waitMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const answer: Answer = { open: false };
    const stream = session.request({ ':method': 'POST', ':path': c.path, ...c.headers });
    const read = (headers: Record<string, unknown>): void => {
      if (headers[':status'] !== undefined) answer.httpStatus = Number(headers[':status']);
      if (headers['grpc-message'] !== undefined) answer.message = decodeURIComponent(String(headers['grpc-message']));
      if (headers['grpc-status'] !== undefined) {
        answer.grpcStatus = Number(headers['grpc-status']);
        // The call is over; a refused upload may still be blocked in flow control on our side.
        // (Only then: resetting every finished stream reads as an HTTP/2 rapid-reset flood.)
        if (!stream.writableFinished) stream.close(constants.NGHTTP2_CANCEL);
      }
    };
    stream.on('response', read);
    stream.on('trailers', read);
    stream.on('data', () => undefined);
    stream.on('error', (err) => (answer.message = `stream error ${String(err)}`));
    const timer = setTimeout(() => {
      answer.open = true;
      stream.close(constants.NGHTTP2_CANCEL);
    }, waitMs);
    stream.on('close', () => {
      clearTimeout(timer);
      if (answer.grpcStatus === undefined) answer.message = `${answer.message ?? ''} rst ${stream.rstCode}`;
      resolve(answer);
    });
    for (const chunk of c.chunks) stream.write(chunk, () => undefined);
    if (c.ending === 'end') stream.end();
    else if (c.ending === 'cancel') setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), 5);
    else setTimeout(() => session.destroy(), 5);
  });
}

function open(): ClientHttp2Session {
  const session = connect(`http://${daemon.grpcAddr}`);
  session.on('error', () => undefined);
  return session;
}

describe('fuzz - gRPC wire', () => {
  it(`fuzz - ${runs} malformed HTTP/2 gRPC calls (seed ${seed}) are each answered with a status, never UNKNOWN or INTERNAL`, async () => {
    const definition = loadSync([...apiProtoFiles, healthProtoFile], { ...loaderOptions, includeDirs: [protoRoot()] });
    const methods = rpcMethods(definition);
    const streaming = new Set(methods.filter((m) => m.responseStream || m.requestStream).map((m) => m.path));
    const generator = new GrpcFuzz(new Fuzz(seeded(seed)), definition, methods, maxMessageBytes);
    const pid = daemon.child.pid!;
    const rssStart = rss(pid);
    let rssPeak = rssStart;
    const began = Date.now();
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let session = open();
    let onSession = 0;
    const sessions: ClientHttp2Session[] = [];
    let done = 0;

    const one = async (i: number, c: GrpcCase): Promise<void> => {
      const label = `seed ${seed} case ${i}: ${c.what.join(', ')}`;
      // A call that drops its connection gets one of its own, not to take the others down with it.
      const own = c.ending === 'destroy' ? open() : undefined;
      const answer = await call(own ?? session, c, streaming.has(c.path) ? 1_000 : 10_000);
      own?.destroy();
      const key = answer.grpcStatus !== undefined ? `grpc ${answer.grpcStatus}` : answer.open ? 'open' : answer.httpStatus !== undefined ? `http ${answer.httpStatus}` : 'reset';
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (c.ending !== 'end') return;
      if (answer.grpcStatus === 2 || (answer.grpcStatus === 13 && !transportInternal.test(answer.message ?? ''))) failures.push(`${label} -> ${answer.grpcStatus} ${answer.message}`);
      if (answer.open && !streaming.has(c.path)) failures.push(`${label} -> no answer within 10 s`);
      const grpcType = (c.headers['content-type'] ?? '').startsWith('application/grpc');
      if (answer.httpStatus !== undefined && answer.httpStatus !== 200 && !(answer.httpStatus === 415 && !grpcType)) failures.push(`${label} -> HTTP ${answer.httpStatus}`);
      if (!answer.open && answer.grpcStatus === undefined && answer.httpStatus !== 415) failures.push(`${label} -> closed without a gRPC status (HTTP ${answer.httpStatus}; ${answer.message})`);
    };

    // `parallel` calls in flight at all times; cases are drawn in order, so the run replays.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < runs && daemon.child.exitCode === null) {
        const i = next++;
        const c = generator.next();
        // A fresh connection every 64 calls: Node's HTTP/2 server refuses further streams with
        // ENHANCE_YOUR_CALM on a connection with 100 rejected or reset ones (flood protection),
        // which a fuzz on one connection reaches but which is no answer to the calls themselves.
        if (session.destroyed || session.closed || ++onSession > 64) {
          // Closed once its calls are surely over: closing it now would refuse the ones just begun.
          const old = session;
          setTimeout(() => old.close(), 12_000).unref();
          sessions.push(old);
          session = open();
          onSession = 1;
        }
        await one(i, c);
        if (++done % 400 === 0) rssPeak = Math.max(rssPeak, rss(pid));
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    expect(daemon.child.exitCode, `the daemon exited:\n${daemon.output().slice(-3000)}`).toBeNull();
    for (const each of [...sessions, session]) each.destroy();
    rssPeak = Math.max(rssPeak, rss(pid));
    const rssEnd = rss(pid);
    const figures = { calls: runs, seconds: (Date.now() - began) / 1000, rssStartMiB: rssStart / 2 ** 20, rssPeakMiB: rssPeak / 2 ** 20, rssEndMiB: rssEnd / 2 ** 20, crashes: daemon.child.exitCode === null ? 0 : 1, answers: Object.fromEntries([...statuses].sort()) };
    console.log(`fuzz-figures grpc-wire ${JSON.stringify(figures)}`);
    expect(failures.slice(0, 50)).toEqual([]);
    expect(rssPeak).toBeLessThan(rssBoundBytes);
    expect((await fetch(`${daemon.adminUrl}/healthz`)).status).toBe(200);
  });
});
