/** Turning an HTTP request into a CloudEvent: structured mode by content type, binary otherwise. */
import type { IncomingMessage } from 'node:http';
import { fromBinary, fromStructured, type CloudEvent } from '../../../core/cloudevents.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { mediaType, parseJson, readBody } from '../request.js';
import type { RouteRequest } from '../router.js';

export async function eventFromRequest(request: RouteRequest, defaultType: string): Promise<CloudEvent> {
  const { req, api } = request;
  const body = await readBody(req, api.server.maxBodyBytes);
  return eventFromBody(req, body, { source: api.interactions.appId, type: defaultType });
}

export function eventFromBody(req: IncomingMessage, body: Buffer, defaults: { source: string; type: string }): CloudEvent {
  const type = mediaType(req);
  if (type === 'application/cloudevents+json') return fromStructured(parseJson(body));
  if (type === 'application/cloudevents-batch+json') {
    throw new OutriggerError('unsupported_media_type', 'a batch of CloudEvents goes to the /batch route of this resource');
  }
  return fromBinary(req.headers, body, defaults);
}
