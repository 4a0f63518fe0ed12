/**
 * Logical names of brokers, queues, topics, streams, targets and subscriptions. The same rule
 * holds in config and in API paths, so a name that loads is always addressable over HTTP, and
 * it is narrow enough to be a valid entity name on every supported broker once mapped.
 */
export const resourceNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const resourceNameHint = "1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";
