/**
 * The Advice view's sections, in the order they are shown: one entry each (recommendations, runbooks,
 * query advice, release regressions, profiles …). Adding a section is one component file in this folder
 * and one line here.
 */
import type { ComponentType } from 'react';
import { Queries } from './Queries';

export interface AdviceSection {
  /** Stable id, also the `section` the view keeps in the address. */
  id: string;
  label: string;
  /** One sentence under the heading: what the section answers. */
  hint: string;
  Component: ComponentType;
}

export const ADVICE_SECTIONS: AdviceSection[] = [
  { id: 'queries', label: 'Queries', hint: 'Which queries cost the most time, which index would help each, and which indexes are duplicate or unused.', Component: Queries },
];
