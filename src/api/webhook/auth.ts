/**
 * Who may call a webhook: only Event Grid, proven before anything of the request is read.
 *
 * - Shared secret: `?code=<secret>` in the URL (what Event Grid's endpoint URL carries) or the
 *   `aeg-delivery-secret` header (a delivery attribute). Compared in constant time over SHA-256
 *   digests, so neither the secret's content nor its length leaks through timing.
 * - Entra ID: `Authorization: Bearer <token>`, verified by jose: signature against the tenant's
 *   published keys (fetched once and cached, refetched for an unknown key id), issuer, audience,
 *   expiry and not-before (one minute of clock skew). When the keys cannot be fetched, the token
 *   is neither good nor bad: the caller is told to come back (503), since Event Grid treats 401
 *   as final and would dead-letter the delivery.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { WebhookAuth } from '../../config/types.js';

/** Why the caller may not go on: not authenticated (`refused`), or not checkable now (`unavailable`). */
export type AuthProblem = { kind: 'refused'; reason: string } | { kind: 'unavailable'; reason: string };

/** Resolves with the problem, or undefined when the caller may go on. */
export type Authenticator = (req: IncomingMessage, url: URL) => Promise<AuthProblem | undefined>;

const refused = (reason: string): AuthProblem => ({ kind: 'refused', reason });

export function authenticator(auth: WebhookAuth): Authenticator {
  if (auth.kind === 'secret') {
    const expected = digest(auth.secret);
    return async (req, url) => {
      const header = req.headers['aeg-delivery-secret'];
      const given = url.searchParams.get('code') ?? (typeof header === 'string' ? header : undefined);
      if (given === undefined) return refused('no secret (?code= or aeg-delivery-secret)');
      return timingSafeEqual(digest(given), expected) ? undefined : refused('wrong secret');
    };
  }
  const keys = createRemoteJWKSet(new URL(auth.jwksUri), { cacheMaxAge: 60 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return async (req) => {
    const header = req.headers['authorization'];
    if (typeof header !== 'string' || !/^Bearer [^\s]+$/i.test(header)) return refused('no bearer token');
    try {
      await jwtVerify(header.slice(7), keys, { issuer: auth.issuers, audience: auth.audience, clockTolerance: 60, algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'] });
      return undefined;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && tokenFaults.test(code)) return refused(`token refused: ${code}`);
      return { kind: 'unavailable', reason: `signing keys unavailable: ${typeof code === 'string' ? code : (err as Error).message}` };
    }
  };
}

/** jose's codes for a token that is wrong in itself, as against keys that could not be fetched. */
const tokenFaults = /^(ERR_JWT_|ERR_JWS_|ERR_JOSE_|ERR_JWKS_NO_MATCHING_KEY|ERR_JWKS_MULTIPLE_MATCHING_KEYS)/;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
