/**
 * What each driver folder hands the registry: everything config validation needs to know about
 * the driver (what it can do, its settings schema, and the checks of its settings that a schema
 * cannot express), and a way to build it that loads the broker's SDK only then.
 */
import type { ObjectSchema } from './settings-schema.js';
import type { Capabilities, CapabilityName, Driver, DriverOptions } from './contract.js';
import type { SettingProblem } from './settings-reader.js';

export interface DriverDescriptor {
  capabilities: Capabilities;
  /** JSON Schema of the broker's own settings (everything under brokers.<name> but `driver`). */
  settingsSchema: ObjectSchema;
  /** Every problem that creating the driver with these settings would refuse, with the same message. */
  checkSettings(settings: Record<string, unknown>): SettingProblem[];
  /**
   * Why `entity` cannot name a resource of this kind on the broker (its naming rules), or
   * undefined when it can. Optional: a driver without it accepts every name config does.
   */
  checkEntityName?(kind: 'queue' | 'topic' | 'stream', entity: string): string | undefined;
  /**
   * Why a subscription cannot read topics of a broker with these settings (what the broker does
   * instead), or undefined when it can. Optional: for a broker whose topics take subscribers only
   * in some set-ups (Event Grid: namespaces, not custom topics).
   */
  subscriptionProblem?(settings: Record<string, unknown>): string | undefined;
  /**
   * Why the broker lacks a capability, where that is not obvious from the broker itself (the
   * broker has it, the client Outrigger uses does not): appended to the refusal at validate and
   * start-up, so the reason is read where the config is refused.
   */
  missingBecause?: Partial<Record<CapabilityName, string>>;
  create(options: DriverOptions): Promise<Driver>;
}
