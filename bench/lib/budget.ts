/** Shared by the anomaly-budget benches: where a planted incident's root service ranks in a ranked list. */

/** An item of a ranked anomaly list (a range or an episode). */
export interface RankedItem {
  service: string | null;
  start: number;
  end: number;
  severity: string;
}

/** A planted incident: its root service and its time span. */
export interface PlantedSpan {
  rootService: string;
  startMs: number;
  endMs: number;
}

const MARGIN = 15 * 60_000;

const overlaps = (r: RankedItem, inc: PlantedSpan): boolean => r.start <= inc.endMs + MARGIN && r.end >= inc.startMs - MARGIN;

/**
 * The first item on the incident's root service that overlaps it (+/- 15 minutes): its 1-based position counting only
 * items that overlap no planted incident (so other incidents and the services they slow down do not push it down),
 * and its raw position in brackets; 'missed' when there is none.
 */
export function rootRank(items: readonly RankedItem[], inc: PlantedSpan, all: readonly PlantedSpan[]): string {
  const i = items.findIndex((r) => r.service === inc.rootService && overlaps(r, inc));
  if (i < 0) return 'missed';
  const falseAhead = items.slice(0, i).filter((r) => !all.some((other) => overlaps(r, other))).length;
  return `${falseAhead + 1} (${i + 1})`;
}
