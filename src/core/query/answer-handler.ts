/**
 * One attempt's request to a target, dispatched on undici's pool with a handler of our own rather
 * than through `pool.request`: an answer of known length up to the replay buffer is collected
 * straight from the socket's chunks, so no response stream, async resource or stream listeners
 * are made for it (the common case of a query); a larger or unknown-length answer streams through
 * a plain Readable, paused and resumed with the socket.
 *
 * Errors are undici's own, as `pool.request` gives them (a timeout or an aborted caller rejects
 * with the signal's reason). A signal aborted before the request reached a connection rejects at
 * once; the request is then dropped as soon as the pool starts it.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

export interface TargetAnswer {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  /** The whole body when its declared length is at most the limit; otherwise a stream to consume or destroy. */
  body: Buffer | AnswerStream;
}

export interface DispatchOptions {
  method: Dispatcher.HttpMethod;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer | Readable | null;
  signal: AbortSignal;
  /** Answers of this declared length or less are read whole. */
  wholeBytes: number;
}

/** Bytes of an unwanted streamed answer read and dropped to keep its connection; past this it is closed. */
const drainBytes = 128 * 1024;

export function dispatchAttempt(pool: Dispatcher, options: DispatchOptions): Promise<TargetAnswer> {
  return new Promise<TargetAnswer>((resolve, reject) => {
    const handler = new AnswerHandler(options, resolve, reject);
    if (options.signal.aborted) {
      handler.onResponseError(null, abortReason(options.signal));
      return;
    }
    try {
      pool.dispatch({ method: options.method, path: options.path, headers: options.headers, body: options.body }, handler);
    } catch (error) {
      handler.onResponseError(null, error as Error);
    }
  });
}

class AnswerHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private settled = false;
  private chunks: Buffer[] | null = null;
  private size = 0;
  private stream: AnswerStream | null = null;
  private statusCode = 0;
  private headers: Dispatcher.ResponseData['headers'] = {};
  private reason: Error | null = null;
  private listening: boolean;
  /** The response ended or failed: nothing left to abort. */
  private over = false;

  constructor(
    private readonly options: DispatchOptions,
    private readonly resolve: (answer: TargetAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {
    // An AbortSignal's listener is called with the signal as `this` and the event; the handler
    // itself is the listener object, so no closure is made per request.
    options.signal.addEventListener('abort', this);
    this.listening = true;
  }

  /** The signal's abort event (EventListenerObject). */
  handleEvent(): void {
    this.stopListening();
    const reason = abortReason(this.options.signal);
    this.reason = reason;
    if (this.stream !== null) this.stream.destroy(reason);
    else if (this.controller !== null) this.controller.abort(reason);
    else this.fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.reason !== null) controller.abort(this.reason);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Dispatcher.ResponseData['headers']): void {
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.headers = headers;
    const declared = headers['content-length'];
    const length = typeof declared === 'string' ? Number(declared) : Number.NaN;
    if (length <= this.options.wholeBytes) {
      this.chunks = [];
      return;
    }
    this.stream = new AnswerStream(controller, this);
    this.settle();
    this.resolve({ statusCode, headers, body: this.stream });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.chunks !== null) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    } else if (this.stream !== null && !this.stream.push(chunk)) {
      controller.pause();
    }
  }

  onResponseEnd(): void {
    this.over = true;
    this.stopListening();
    const { chunks } = this;
    if (chunks !== null) {
      this.chunks = null;
      this.settle();
      this.resolve({ statusCode: this.statusCode, headers: this.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size) });
    } else {
      this.stream?.push(null);
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.over = true;
    this.stopListening();
    this.chunks = null;
    const { body } = this.options;
    if (body instanceof Readable && !body.destroyed) {
      body.on('error', ignore);
      body.destroy(error);
    }
    if (this.stream !== null) this.stream.destroy(error);
    else this.fail(error);
  }

  /** Called by the stream when its reader destroys it before the end: the request is aborted. */
  abandon(error: Error): void {
    if (!this.over) this.controller?.abort(error);
  }

  /** Called by the stream: reads on, at most `drainBytes`, so that the connection can be kept. */
  drained(bytes: number): boolean {
    this.size += bytes;
    return this.size <= drainBytes;
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.settled = true;
  }

  private stopListening(): void {
    if (!this.listening) return;
    this.listening = false;
    this.options.signal.removeEventListener('abort', this);
  }
}

/** A streamed answer: the socket pauses when its reader falls behind, and resumes when it reads. */
export class AnswerStream extends Readable {
  private dropping = false;

  constructor(
    private readonly controller: Dispatcher.DispatchController,
    private readonly handler: AnswerHandler,
  ) {
    super();
  }

  override _read(): void {
    this.controller.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.handler.abandon(error ?? new Error('the answer was not read'));
    callback(error);
  }

  override push(chunk: Buffer | null): boolean {
    if (this.dropping && chunk !== null) {
      if (!this.handler.drained(chunk.length)) this.destroy();
      return true;
    }
    return super.push(chunk);
  }

  /** Reads the rest and drops it (up to a bound, past which the connection is closed): an answer not passed on. */
  dump(): void {
    if (this.destroyed || this.readableEnded) return;
    this.dropping = true;
    this.on('error', ignore);
    this.resume();
  }
}

function abortReason(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new Error('the request was aborted');
}

function ignore(): void {}
