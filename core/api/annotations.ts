/**
 * Annotations: a person's notes on the timeline ("rollback started here"), at a moment or over a range, with
 * tags and a star. They are stored in the workspace, so everyone who opens the file sees them; every change is
 * announced with `workspace/changed`, so other open views refresh. The postmortem carries them into its timeline.
 */
import { z } from 'zod';
import { method, range, timeMs } from './define';

/** One stored note. `endTs` null: a moment; otherwise the range [ts, endTs]. */
export interface AnnotationInfo {
  id: number;
  ts: number;
  endTs: number | null;
  /** The series or service it is about, when it is about one. */
  seriesId: number | null;
  service: string | null;
  text: string;
  tags: string[];
  starred: boolean;
  /** Who wrote it (the OS user name unless the person gave another). */
  author: string;
  createdAt: number;
  updatedAt: number;
}

/** The most characters a note may hold (a paragraph, not a document). */
export const ANNOTATION_TEXT_MAX = 4000;

const tag = z
  .string()
  .trim()
  .min(1, 'a tag cannot be empty')
  .max(40, 'a tag holds at most 40 characters')
  .regex(/^[^\s,]+$/, 'a tag is one word (no spaces or commas)');
const text = z.string().trim().min(1, 'a note needs some text').max(ANNOTATION_TEXT_MAX, `a note holds at most ${ANNOTATION_TEXT_MAX} characters`);

/** What a person writes; the id and the times of writing are the store's. */
export const annotationFields = {
  ts: timeMs,
  endTs: timeMs.nullable().optional(),
  seriesId: z.number().int().positive().nullable().optional(),
  service: z.string().min(1).max(200).nullable().optional(),
  text,
  tags: z.array(tag).max(20, 'at most 20 tags').optional(),
  starred: z.boolean().optional(),
  /** Absent: the OS user name of the machine the workspace is open on. */
  author: z.string().trim().max(100).optional(),
};

/** A range must not end before it starts. */
const ordered = (a: { ts?: number; endTs?: number | null }): boolean => a.endTs == null || a.ts === undefined || a.endTs >= a.ts;
const ORDER_MESSAGE = { message: 'a note over a range must end after it starts (endTs ≥ ts)', path: ['endTs'] };

export const annotationAddParams = z.strictObject(annotationFields).refine(ordered, ORDER_MESSAGE);
export type AnnotationInput = z.output<typeof annotationAddParams>;

export const annotationUpdateParams = z
  .strictObject({ id: z.number().int().positive(), ...z.object(annotationFields).partial().shape })
  .refine(ordered, ORDER_MESSAGE);
export type AnnotationPatch = Omit<z.output<typeof annotationUpdateParams>, 'id'>;

export const annotationListParams = z.strictObject({
  ...range,
  /** Only notes carrying this tag. */
  tag: z.string().optional(),
  /** Only starred notes. */
  starred: z.boolean().optional(),
});
export type AnnotationFilter = z.output<typeof annotationListParams>;

export const annotationsContract = {
  /** Notes overlapping [from, to], time-ordered (optionally of one tag, or starred only). */
  'annotations/list': method(annotationListParams).returns<AnnotationInfo[]>(),
  'annotations/add': method(annotationAddParams).returns<AnnotationInfo>(),
  /** Changes the fields given; throws 'not-found' for an id that is not stored. */
  'annotations/update': method(annotationUpdateParams).returns<AnnotationInfo>(),
  'annotations/delete': method(z.strictObject({ id: z.number().int().positive() })).returns<{ deleted: boolean }>(),
} as const;
