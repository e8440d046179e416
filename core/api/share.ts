/**
 * Sharing an investigation safely: an incident's range (or any range) written as a smaller workspace, with
 * e-mail addresses, IP addresses, tokens and user ids in its text optionally masked by stable placeholders.
 */
import { z } from 'zod';
import { method, timeMs } from './define';

/** What redaction masks (IPv4 and IPv6 are both `ip`). */
export type MaskedKind = 'email' | 'ip' | 'token' | 'user';

export interface ShareResult {
  /** Where the smaller workspace was written. */
  path: string;
  /** Its file name; in browser mode it can be downloaded as `download/<name>`. */
  name: string;
  /** True when the file lies in the app's share folder, from which browser mode serves it for download. */
  downloadable: boolean;
  bytes: number;
  /** The range copied (the incident's or the one asked for, with the margin). */
  range: { from: number; to: number };
  copied: { sources: number; series: number; samples: number; logs: number; templates: number; events: number; incidents: number; annotations: number };
  /** Occurrences masked per kind, and distinct values per kind; null without redaction. */
  masked: Record<MaskedKind, number> | null;
  maskedDistinct: Record<MaskedKind, number> | null;
  ms: number;
}

/** Default margin around an incident or range, minutes. */
export const SHARE_MARGIN_MINUTES = 30;

export const shareExportParams = z
  .strictObject({
    /** An incident's key: its range (start to end) is shared. */
    incident: z.string().min(1).optional(),
    from: timeMs.optional(),
    to: timeMs.optional(),
    /** Added before and after the range, minutes (default SHARE_MARGIN_MINUTES). */
    marginMinutes: z.number().min(0).max(7 * 24 * 60).optional(),
    /** Mask e-mail addresses, IPs, tokens and user ids in the copied text. */
    redact: z.boolean().optional(),
    /**
     * The new workspace: a bare name ("checkout-outage") lands in the app's share folder; a path with a folder
     * is taken as it is. Absent: a name made from the workspace and the incident or range.
     */
    out: z.string().min(1).max(1000).optional(),
  })
  .refine((p) => p.incident !== undefined || (p.from !== undefined && p.to !== undefined), {
    message: 'name an incident, or a range with both from and to',
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.to > p.from, { message: 'the range must end after it starts', path: ['to'] });

export const shareContract = {
  /** Writes the range as a new, smaller workspace (never overwriting a file); says what it copied and masked. */
  'share/export': method(shareExportParams).returns<ShareResult>(),
} as const;
