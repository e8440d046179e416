/**
 * The Advice view's sections, in the order they are shown: one entry each (recommendations, runbooks,
 * query advice, release regressions, profiles …). Adding a section is one component file in this folder
 * and one line here.
 */
import type { ComponentType } from 'react';
import { Regressions } from './Regressions';

export interface AdviceSection {
  /** Stable id, also the `section` the view keeps in the address. */
  id: string;
  label: string;
  /** One sentence under the heading: what the section answers. */
  hint: string;
  Component: ComponentType;
}

export const ADVICE_SECTIONS: AdviceSection[] = [
  { id: 'regressions', label: 'Regressions', hint: 'Did a release make things worse? Every production deploy against the time before it, at the same hours of the day.', Component: Regressions },
];
