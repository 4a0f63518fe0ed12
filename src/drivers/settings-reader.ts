/**
 * Reads a driver's settings (everything under brokers.<name> but `driver`), collecting every
 * problem so that one start-up error names them all, each with what it accepts and what it got.
 */
import { OutriggerError } from '../kernel/errors.js';

export class SettingsReader {
  readonly problems: string[] = [];
  readonly raw: Record<string, unknown>;

  // No parameter properties: the embedded driver also runs from source under type stripping.
  constructor(raw: Record<string, unknown>, known: readonly string[]) {
    this.raw = raw;
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) this.problems.push(`unknown setting '${key}' (accepted: ${known.join(', ')})`);
    }
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const value = this.raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${key} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
      return fallback;
    }
    return value;
  }

  text(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problems.push(`${key} must be a non-empty string`);
    return undefined;
  }

  /** Throws one `bad_request` listing every problem, if there are any. */
  finish(what: string): void {
    if (this.problems.length > 0) {
      throw new OutriggerError('bad_request', `${what}: ${this.problems.join('; ')}`, { extensions: { problems: [...this.problems] } });
    }
  }
}
