/**
 * A tenant's signing keys for Entra ID token tests: a JWKS served over local HTTP (as
 * login.microsoftonline.com serves .../discovery/v2.0/keys) and tokens signed with jose.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export interface TestTenant {
  tenantId: string;
  issuer: string;
  jwksUri: string;
  /** A token signed with the tenant's key (or `otherKey` to forge one); claims override the defaults. */
  token(claims: JWTPayload & { aud: string }, options?: { forged?: boolean; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestTenant(tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47'): Promise<TestTenant> {
  const kid = 'test-key-1';
  const real = await generateKeyPair('RS256', { extractable: true });
  const forged = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(real.publicKey)), kid, use: 'sig', alg: 'RS256' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `https://login.microsoftonline.com/${tenantId}/v2.0`;
  const sign = (key: CryptoKey, claims: JWTPayload, expiresInSeconds: number): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(key);
  return {
    tenantId,
    issuer,
    jwksUri: `http://127.0.0.1:${port}/${tenantId}/discovery/v2.0/keys`,
    token: (claims, options = {}) => sign(options.forged ? forged.privateKey : real.privateKey, claims, options.expiresInSeconds ?? 3600),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
