/**
 * The Advice view's sections, in the order they are shown: one entry each (recommendations, runbooks,
 * query advice, release regressions, profiles …). Adding a section is one component file in this folder
 * and one line here.
 */
import type { ComponentType } from 'react';
import { Learning } from './Learning';
import { Recommendations } from './Recommendations';
import { Regressions } from './Regressions';
import { Runbooks } from './Runbooks';
import { Queries } from './Queries';
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
  { id: 'recommendations', label: 'Recommendations', hint: 'What to do about the incidents, by stage: evidence, expected effect, confidence and risk. Never executed.', Component: Recommendations },
  { id: 'runbooks', label: 'Runbooks', hint: 'The runbooks in effect, built-in and yours: what each fits and its steps (an incident page ranks those that fit it).', Component: Runbooks },
  { id: 'regressions', label: 'Regressions', hint: 'Did a release make things worse? Every production deploy against the time before it, at the same hours of the day.', Component: Regressions },
  { id: 'learning', label: 'Track record', hint: 'How often the tool was right, by week, from your verdicts on anomalies, causes and advice.', Component: Learning },
  { id: 'queries', label: 'Queries', hint: 'Which queries cost the most time, which index would help each, and which indexes are duplicate or unused.', Component: Queries },
  { id: 'profiles', label: 'Profiles', hint: 'Where the CPU goes: flame graphs of imported profiles, their hot frames, and what changed between two.', Component: Profiles },
];
