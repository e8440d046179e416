/**
 * Event readers: alerts, incidents, Kubernetes events, deployments, and the plain events CSV.
 */
import type { FormatReader } from '../../types';
import { alertmanagerReader } from './alertmanager-reader';
import { argocdReader } from './argocd-reader';
import { eventsCsvReader } from './events-csv-reader';
import { githubDeploymentsReader } from './github-deployments-reader';
import { githubStatusesReader } from './github-statuses-reader';
import { k8sEventsReader } from './k8s-events-reader';
import { pagerdutyCsvReader } from './pagerduty-csv-reader';
import { pagerdutyJsonReader } from './pagerduty-json-reader';

export const eventReaders: FormatReader[] = [
  alertmanagerReader,
  pagerdutyCsvReader,
  pagerdutyJsonReader,
  k8sEventsReader,
  githubDeploymentsReader,
  githubStatusesReader,
  argocdReader,
  eventsCsvReader,
];

export {
  alertmanagerReader,
  argocdReader,
  eventsCsvReader,
  githubDeploymentsReader,
  githubStatusesReader,
  k8sEventsReader,
  pagerdutyCsvReader,
  pagerdutyJsonReader,
};
