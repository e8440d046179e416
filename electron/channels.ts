/** The IPC channels between the preload bridge and the main process. */
export const INVOKE_CHANNEL = 'hindsight:invoke';
/** Cancels an invoke in flight, by the call id the preload gave it. */
export const CANCEL_CHANNEL = 'hindsight:cancel';
export const EVENT_CHANNEL = 'hindsight:event';
