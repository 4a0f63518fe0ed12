/** The service's limits: 1 MB per event and 1 MB per publish request. */
export const MAX_BYTES = 1024 * 1024;
/** Events per namespace receive, acknowledge, release, reject or renewLock call. */
export const MAX_LOCK_TOKENS = 100;
