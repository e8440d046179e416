/** The two IPC channels between the preload bridge and the main process. */
export const INVOKE_CHANNEL = 'hindsight:invoke';
export const EVENT_CHANNEL = 'hindsight:event';
