/** The IPC channels between the preload bridge and the main process. */
export const INVOKE_CHANNEL = 'hindsight:invoke';
/** Cancels an invoke in flight, by the call id the preload gave it. */
export const CANCEL_CHANNEL = 'hindsight:cancel';
export const EVENT_CHANNEL = 'hindsight:event';
/** Main → page: menu commands and files the OS asked the app to open (core/api/desktop.ts `MenuCommand`). */
export const MENU_CHANNEL = 'hindsight:menu';
/** Page → main: prints self-contained report HTML to PDF bytes in a hidden, script-less window. */
export const PDF_CHANNEL = 'hindsight:pdf';
