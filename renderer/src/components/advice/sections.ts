/**
 * The Advice view's sections, in the order they are shown: one entry each (recommendations, runbooks,
 * query advice, release regressions, profiles …). Adding a section is one component file in this folder
 * and one line here.
 */
import type { ComponentType } from 'react';
import { Profiles } from './Profiles';

export interface AdviceSection {
  /** Stable id, also the `section` the view keeps in the address. */
  id: string;
  label: string;
  /** One sentence under the heading: what the section answers. */
  hint: string;
  Component: ComponentType;
}

export const ADVICE_SECTIONS: AdviceSection[] = [
  { id: 'profiles', label: 'Profiles', hint: 'Where the CPU goes: flame graphs of imported profiles, their hot frames, and what changed between two.', Component: Profiles },
];
