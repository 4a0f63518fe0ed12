/** Counts response statuses and keeps a few error samples, for the load generators. */
import type { Dispatcher } from 'undici';

const maxSamples = 5;

export class Outcomes {
  readonly byStatus: Record<string, number> = {};
  readonly errorSamples: string[] = [];
  ok = 0;

  /** Reads and discards the body; returns true for a 2xx. */
  async response(res: Dispatcher.ResponseData): Promise<boolean> {
    this.count(String(res.statusCode));
    if (res.statusCode >= 200 && res.statusCode < 300) {
      await res.body.dump();
      this.ok++;
      return true;
    }
    const text = await res.body.text();
    this.sample(`${res.statusCode} ${text.slice(0, 300)}`);
    return false;
  }

  failure(err: unknown): void {
    const code = (err as { code?: unknown }).code;
    this.count(`error:${typeof code === 'string' ? code : 'unknown'}`);
    this.sample(err instanceof Error ? err.message : String(err));
  }

  private count(key: string): void {
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  private sample(text: string): void {
    if (this.errorSamples.length < maxSamples) this.errorSamples.push(text);
  }
}
