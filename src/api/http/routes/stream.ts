/** POST /v1/stream/{stream} (append) and GET /v1/stream/{stream} (read as SSE or NDJSON). */
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { encodeData, headerValue } from '../../../core/cloudevents.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { followPollMs } from '../../../core/replay.js';
import type { StreamEvent, StreamPosition } from '../../../kernel/streams.js';
import { intParam, optionalToken, parseRfc3339 } from '../request.js';
import { sendJson } from '../respond.js';
import type { Route, RouteRequest } from '../router.js';
import { eventFromRequest } from './events.js';

export const streamRoutes: Route[] = [
  {
    method: 'POST',
    path: ['v1', 'stream', '{name}'],
    interaction: 'append',
    async handle(request) {
      const { req, res, name, api, signal } = request;
      const partitionKey = optionalToken(req, 'outrigger-partition-key');
      const partitionHeader = headerValue(req.headers['outrigger-partition']);
      let partition: number | undefined;
      if (partitionHeader !== undefined) {
        if (!/^\d{1,4}$/.test(partitionHeader)) throw new OutriggerError('invalid_header', "header 'outrigger-partition' must be a partition number");
        partition = Number(partitionHeader);
      }
      const event = await eventFromRequest(request, name);
      const receipt = await api.interactions.append(name, event, {
        ...(partitionKey !== undefined ? { partitionKey } : {}),
        ...(partition !== undefined ? { partition } : {}),
        signal,
      });
      sendJson(res, 202, receipt);
    },
  },
  {
    method: 'GET',
    path: ['v1', 'stream', '{name}'],
    interaction: 'read',
    params: ['from', 'partition', 'limit', 'follow'],
    handle: readStream,
  },
];

type Format = 'sse' | 'ndjson';

async function readStream({ req, res, url, name, api, signal }: RouteRequest): Promise<void> {
  const format = chooseFormat(headerValue(req.headers.accept));
  const from = parsePosition(url.searchParams.get('from'));
  const limit = intParam(url.searchParams, 'limit', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
  const follow = parseFollow(url.searchParams.get('follow'));
  // An unknown stream or partition fails here, before the 200 is sent.
  const count = (await api.interactions.partitions(name)).length;
  const partitionParam = url.searchParams.get('partition');
  const partition = partitionParam === null || partitionParam === '' ? undefined : intParam(url.searchParams, 'partition', 0, 0, count - 1);
  res.writeHead(200, {
    'content-type': format === 'sse' ? 'text/event-stream' : 'application/x-ndjson',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const writer = new EventWriter(res, format);
  const keepAlive = format === 'sse' ? setInterval(() => writer.comment('keep-alive'), followPollMs) : undefined;
  keepAlive?.unref();
  try {
    await api.interactions.replay(
      name,
      { from, ...(partition !== undefined ? { partition } : {}), follow, limit, signal },
      (events) => writer.events(events),
    );
  } finally {
    if (keepAlive) clearInterval(keepAlive);
  }
  if (!res.destroyed) res.end();
}

class EventWriter {
  constructor(
    private readonly res: ServerResponse,
    private readonly format: Format,
  ) {}

  /** One write per page: a write per event was most of a fast reader's cost. */
  async events(events: StreamEvent[]): Promise<void> {
    let text = '';
    for (const event of events) text += this.format === 'sse' ? this.sse(event) : `${eventJson(event)}\n`;
    if (!this.res.write(text)) await once(this.res, 'drain');
  }

  private sse(event: StreamEvent): string {
    return `id: ${event.partition}:${event.offset}\ndata: ${eventJson(event)}\n\n`;
  }

  comment(text: string): void {
    if (!this.res.destroyed) this.res.write(`: ${text}\n\n`);
  }
}

function eventJson(event: StreamEvent): string {
  return JSON.stringify({
    id: event.id,
    partition: event.partition,
    offset: event.offset,
    time: new Date(event.timestamp).toISOString(),
    ...(event.partitionKey !== undefined ? { partitionKey: event.partitionKey } : {}),
    headers: event.headers,
    ...encodeData(event.headers, event.data),
  });
}

function chooseFormat(accept: string | undefined): Format {
  if (accept === undefined) return 'sse';
  if (accept.includes('application/x-ndjson') || accept.includes('application/jsonl')) return 'ndjson';
  if (accept.includes('text/event-stream') || accept.includes('*/*')) return 'sse';
  throw new OutriggerError('not_acceptable', 'a stream is read as text/event-stream or application/x-ndjson');
}

export function parsePosition(raw: string | null): StreamPosition {
  if (raw === null || raw === '' || raw === 'earliest') return { kind: 'earliest' };
  if (raw === 'latest') return { kind: 'latest' };
  if (/^\d{1,15}$/.test(raw)) return { kind: 'offset', offset: Number(raw) };
  const time = parseRfc3339(raw);
  if (time !== undefined) return { kind: 'time', time };
  throw new OutriggerError('bad_request', `'from' must be earliest, latest, an offset or an RFC 3339 time, got '${raw}'`);
}

function parseFollow(raw: string | null): boolean {
  if (raw === null || raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new OutriggerError('bad_request', "'follow' must be true or false");
}
