/**
 * Who may call a webhook: only Event Grid, proven before anything of the request is read.
 *
 * - Shared secret: `?code=<secret>` in the URL (what Event Grid's endpoint URL carries) or the
 *   `aeg-delivery-secret` header (a delivery attribute). Compared in constant time over SHA-256
 *   digests, so neither the secret's content nor its length leaks through timing.
 * - Entra ID: `Authorization: Bearer <token>`, verified by jose: signature against the tenant's
 *   published keys (fetched once and cached, refetched for an unknown key id), issuer, audience,
 *   expiry and not-before (one minute of clock skew).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { WebhookAuth } from '../../config/types.js';

/** Resolves with why the caller is refused, or undefined when it may go on. */
export type Authenticator = (req: IncomingMessage, url: URL) => Promise<string | undefined>;

export function authenticator(auth: WebhookAuth): Authenticator {
  if (auth.kind === 'secret') {
    const expected = digest(auth.secret);
    return async (req, url) => {
      const header = req.headers['aeg-delivery-secret'];
      const given = url.searchParams.get('code') ?? (typeof header === 'string' ? header : undefined);
      if (given === undefined) return 'no secret (?code= or aeg-delivery-secret)';
      return timingSafeEqual(digest(given), expected) ? undefined : 'wrong secret';
    };
  }
  const keys = createRemoteJWKSet(new URL(auth.jwksUri), { cacheMaxAge: 60 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return async (req) => {
    const header = req.headers['authorization'];
    if (typeof header !== 'string' || !/^Bearer [^\s]+$/i.test(header)) return 'no bearer token';
    try {
      await jwtVerify(header.slice(7), keys, { issuer: auth.issuers, audience: auth.audience, clockTolerance: 60, algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'] });
      return undefined;
    } catch (err) {
      return `token refused: ${(err as { code?: string }).code ?? (err as Error).message}`;
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
