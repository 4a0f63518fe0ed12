/**
 * Reads a driver's settings (everything under brokers.<name> but `driver`) against the driver's
 * own settings schema, so that the accepted keys and each integer's limits are written once, in
 * the schema. Every problem is collected so that one start-up error names them all, each with
 * what it accepts and what it got.
 */
import type { ObjectSchema } from './settings-schema.js';
import { OutriggerError } from '../kernel/errors.js';
import type { DriverOptions } from './contract.js';

export interface SettingProblem {
  message: string;
  /**
   * The one setting the problem is about. `outrigger validate` drops the problem when that
   * setting has been reported already (by the config schema, or a failed ${...}), as an echo.
   */
  setting?: string;
}

export class SettingsReader {
  readonly problems: SettingProblem[] = [];
  readonly raw: Record<string, unknown>;
  readonly #schema: ObjectSchema;

  // No parameter properties: the embedded driver also runs from source under type stripping.
  constructor(raw: Record<string, unknown>, schema: ObjectSchema) {
    this.raw = raw;
    this.#schema = schema;
    const known = Object.keys(schema.properties);
    for (const key of Object.keys(raw)) {
      if (!known.includes(key)) this.problem(`unknown setting '${key}' (accepted: ${known.join(', ')})`, key);
    }
  }

  /** Records a problem; `setting` when it is about that one setting alone. */
  problem(message: string, setting?: string): void {
    this.problems.push(setting === undefined ? { message } : { message, setting });
  }

  /** The integer within the schema's minimum and maximum for `key`, else `fallback`. */
  int(key: string, fallback: number): number {
    const { minimum: min, maximum: max } = this.#limits(key);
    const value = this.raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(`${key} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`, key);
      return fallback;
    }
    return value;
  }

  /** The trimmed string, or undefined when absent (or not a non-empty string, which is a problem). */
  text(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problem(`${key} must be a non-empty string`, key);
    return undefined;
  }

  flag(key: string, fallback: boolean): boolean {
    const value = this.raw[key] ?? fallback;
    if (typeof value === 'boolean') return value;
    this.problem(`${key} must be true or false (got ${JSON.stringify(value)})`, key);
    return fallback;
  }

  /** Throws one `bad_request` listing every problem, if there are any. */
  finish(what: string): void {
    if (this.problems.length > 0) {
      const messages = this.problems.map((problem) => problem.message);
      throw new OutriggerError('bad_request', `${what}: ${messages.join('; ')}`, { extensions: { problems: messages } });
    }
  }

  #limits(key: string): { minimum: number; maximum: number } {
    const { minimum, maximum } = (this.#schema.properties[key] ?? {}) as { minimum?: unknown; maximum?: unknown };
    if (typeof minimum !== 'number' || typeof maximum !== 'number') throw new Error(`setting ${key} has no integer limits in its schema`);
    return { minimum, maximum };
  }
}

/** A driver's settings, read by one function for both uses, so both refuse the same things. */
export interface DriverSettings<T> {
  /** For creating the driver: the settings, or one `bad_request` naming every problem. */
  parse(options: DriverOptions): T;
  /** For `outrigger validate`: every problem `parse` would throw, in the same words. */
  check(raw: Record<string, unknown>): SettingProblem[];
}

/** `read` takes each setting from the reader, which collects the problems; `dataDir` resolves relative paths. */
export function driverSettings<T>(driver: string, schema: ObjectSchema, read: (reader: SettingsReader, dataDir: string) => T): DriverSettings<T> {
  return {
    parse(options) {
      const reader = new SettingsReader(options.settings, schema);
      const settings = read(reader, options.dataDir);
      reader.finish(`${driver} broker '${options.name}'`);
      return settings;
    },
    check(raw) {
      const reader = new SettingsReader(raw, schema);
      read(reader, '.');
      return reader.problems;
    },
  };
}
