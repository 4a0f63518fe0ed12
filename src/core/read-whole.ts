/**
 * Reads a stream whole with plain listeners: cheaper than `for await` (which costs a promise and
 * a few objects per chunk) on paths that run per request. Fails as the stream fails, or closes
 * before its end, so a peer that goes away mid-body is an error, not a short body.
 */
import type { Readable } from 'node:stream';

export interface ReadLimit {
  bytes: number;
  /** The error to fail with once more than `bytes` arrived. */
  error(): Error;
}

export function readWhole(stream: Readable, limit?: ReadLimit): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (limit !== undefined && size > limit.bytes) {
        stop();
        // What is left is read and dropped; an error after this is nobody's business.
        stream.on('error', () => undefined);
        reject(limit.error());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the stream closed before its end'));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
