/**
 * Broker entries: each names a known driver and carries settings that the driver's own schema
 * and checks accept (the checks the driver makes when it is built, so nothing about its settings
 * is left to fail after validation); and which broker serves resources that name none.
 */
import type { DriverDescriptor } from '../drivers/descriptor.js';
import { defaults } from './defaults.js';
import type { ProblemList } from './problems.js';
import { isRecord } from './raw.js';
import { validateSettings } from './schema-problems.js';
import { closest, unknownName } from '../kernel/suggest.js';

/** The driver table, passed in so that validation can be tested against drivers with fewer capabilities. */
export type DriverTable = Readonly<Record<string, DriverDescriptor>>;

/**
 * Checks driver names and settings; coerced settings are written back into `brokers`. A problem
 * the driver reports about one setting that is already reported (by the schema, or a failed
 * substitution) is the same mistake seen twice, and is left out.
 */
export function checkBrokers(brokers: Record<string, unknown>, registry: DriverTable, problems: ProblemList): void {
  const known = Object.keys(registry).sort();
  for (const [name, broker] of Object.entries(brokers)) {
    if (!isRecord(broker)) continue; // the schema said so already
    if (broker['driver'] === undefined) {
      // Settings are open-ended until the driver is known, so the schema cannot spot `drivr:` itself.
      const misspelt = Object.keys(broker).find((key) => closest(key, ['driver']) !== undefined);
      if (misspelt !== undefined) problems.add(['brokers', name, misspelt], "unknown key (did you mean 'driver'?)");
    }
    if (typeof broker['driver'] !== 'string') continue;
    const entry = registry[broker['driver']];
    if (entry === undefined) {
      problems.add(['brokers', name, 'driver'], unknownName('driver', broker['driver'], known));
      continue;
    }
    const { driver: _driver, policy: _policy, ...settings } = broker;
    const path = ['brokers', name];
    validateSettings(broker['driver'], entry.settingsSchema, settings, path, problems);
    Object.assign(broker, settings);
    for (const problem of entry.checkSettings(settings)) {
      if (problem.setting === undefined || !problems.hasAt([...path, problem.setting])) problems.add(path, problem.message);
    }
  }
}

export type DefaultBrokerChoice = { ok: true; name: string } | { ok: false; message: string };

/** `defaultBroker` if set, else the only broker, else the one named `local`, else the first embedded one. */
export function chooseDefaultBroker(brokers: Record<string, unknown>, explicit: unknown): DefaultBrokerChoice {
  const names = Object.keys(brokers);
  if (typeof explicit === 'string') {
    return names.includes(explicit) ? { ok: true, name: explicit } : { ok: false, message: unknownName('broker', explicit, names) };
  }
  if (names.length === 1) return { ok: true, name: names[0]! };
  if (names.includes(defaults.brokerName)) return { ok: true, name: defaults.brokerName };
  const embedded = names.find((name) => {
    const broker = brokers[name];
    return isRecord(broker) && broker['driver'] === defaults.brokerDriver;
  });
  if (embedded !== undefined) return { ok: true, name: embedded };
  return {
    ok: false,
    message: `is required: there are several brokers (${names.join(', ')}), none named '${defaults.brokerName}' and none ${defaults.brokerDriver}, so set defaultBroker to one of them`,
  };
}
