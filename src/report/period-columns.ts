import type { FigureKey } from './messages/index.ts';

/** Which figures of a weekly or monthly report are durations, counts or rates, and their order. */
export const durations = new Set<FigureKey>([
  'frtBusinessMs',
  'frtP50BusinessMs',
  'frtP90BusinessMs',
  'resolutionBusinessMs',
  'resolutionP50BusinessMs',
  'resolutionP90BusinessMs',
  'ahtBusinessMs',
  'ahtP50BusinessMs',
  'ahtP90BusinessMs',
  'callAsaMs',
]);
export const counts = new Set<FigureKey>(['tickets', 'backlog']);
export const figureUnit = (k: FigureKey) => (durations.has(k) ? 'min' : counts.has(k) ? 'count' : 'pct');

/** The figures of the summary table (and of each CSV row), in order. */
export const shownFigures: FigureKey[] = [
  'tickets',
  'backlog',
  'frtBusinessMs',
  'frtP50BusinessMs',
  'frtP90BusinessMs',
  'resolutionBusinessMs',
  'resolutionP50BusinessMs',
  'resolutionP90BusinessMs',
  'ahtBusinessMs',
  'ahtP50BusinessMs',
  'ahtP90BusinessMs',
  'fcrRate',
  'slaFirstResponse',
  'slaResolution',
  'csatSatisfiedRate',
  'botSubstitutionRate',
  'complaintRate',
  'callServiceLevel',
  'callAsaMs',
  'callAbandonRate',
];
