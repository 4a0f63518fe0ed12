/** Polls a URL until it answers 200; resolves with the instant (hrtime ns) it first did. */
import { request } from 'undici';

export async function waitFor200(url: string, options: { timeoutMs: number; intervalMs: number; isAlive: () => boolean }): Promise<bigint> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (!options.isAlive()) throw new Error(`process exited before ${url} answered 200`);
    try {
      const res = await request(url, { headersTimeout: 1_000, bodyTimeout: 1_000, reset: true });
      const at = process.hrtime.bigint();
      await res.body.dump();
      if (res.statusCode === 200) return at;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  throw new Error(`${url} did not answer 200 within ${options.timeoutMs} ms`);
}
