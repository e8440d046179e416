/**
 * Every analysis step a workspace analysis runs, in a readable order (the runner orders them by `dependsOn`).
 * Adding a step is one file in this folder and one line here.
 */
import { anomaliesStep } from './anomalies';
import { changePointsStep } from './changepoints';
import { episodesStep } from './episodes';
import { incidentsStep } from './incidents';
import { logPatternsStep } from './log-patterns';
import { multivariateStep } from './multivariate';
import { peersStep } from './peers';
import type { Step } from './step';

export const STEPS: readonly Step[] = [
  anomaliesStep,
  episodesStep,
  changePointsStep,
  multivariateStep,
  logPatternsStep,
  peersStep,
  incidentsStep,
];
