/**
 * outrigger.v1.QueryService: Query over Interactions.query, the same call as
 * /v1/query/{target}/{path...}. The call's deadline is the query's deadline. gRPC is unary
 * here, so the target's answer is read whole, up to what a default gRPC client accepts.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { OutriggerError } from '../../kernel/errors.js';
import type { Headers } from '../../core/query/headers.js';
import { unary, type Gate } from './call.js';
import type { GrpcContext } from './context.js';
import { requireName } from './fields.js';

/** A default gRPC client refuses messages over 4 MiB; leave room for status and headers. */
const maxAnswerBytes = 4 * 1024 * 1024 - 64 * 1024;

interface QueryRequest {
  target: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export function queryService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  return {
    Query: unary(ctx, gate, 'query', (r: QueryRequest) => r.target, async (request, signal, deadline) => {
      const target = requireName(request.target, 'target');
      if (request.body.byteLength > ctx.server.maxBodyBytes) {
        throw new OutriggerError('payload_too_large', `'body' is ${request.body.byteLength} bytes, larger than the limit of ${ctx.server.maxBodyBytes} bytes`, {
          extensions: { limit: ctx.server.maxBodyBytes },
        });
      }
      const answer = await ctx.interactions.query({
        target,
        method: request.method === '' ? 'GET' : request.method,
        path: request.path,
        headers: lowerCased(request.headers),
        ...(request.body.byteLength > 0 ? { body: request.body } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        signal,
      });
      const { body: answerBody } = answer;
      if (answerBody instanceof Uint8Array) {
        if (answerBody.byteLength > maxAnswerBytes) throw answerTooLarge(target);
        return { status: answer.status, headers: joined(answer.headers), body: answerBody };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of answerBody as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > maxAnswerBytes) {
          answerBody.destroy();
          throw answerTooLarge(target);
        }
        chunks.push(chunk);
      }
      return { status: answer.status, headers: joined(answer.headers), body: Buffer.concat(chunks, size) };
    }),
  };
}

function answerTooLarge(target: string): OutriggerError {
  return new OutriggerError('payload_too_large', `the answer from target '${target}' is larger than ${maxAnswerBytes} bytes; use the HTTP API (/v1/query), which streams it`, {
    extensions: { limit: maxAnswerBytes },
  });
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Header names lower-cased; what HTTP cannot carry is refused here rather than by the client library. */
function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!headerName.test(name)) throw new OutriggerError('bad_request', `'headers': '${name.slice(0, 64)}' is not a valid HTTP header name`);
      if (!headerValue.test(value)) throw new OutriggerError('bad_request', `'headers': the value of '${name}' contains characters HTTP headers cannot carry`);
      return [name.toLowerCase(), value];
    }),
  );
}

function joined(headers: Headers): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
}
