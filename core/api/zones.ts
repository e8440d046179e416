/**
 * Time zones for the renderer: the zone math lives in core/base/zones.ts (reports use it too); the UI
 * reaches it here, since renderer/ imports only core/api.
 */
export { UTC, isValidZone, offsetLabel, toWall, zoneAbbreviation, zonedTime, zoneOffsetMs } from '../base/zones';
