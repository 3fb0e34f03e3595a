/** Satisfaction surveys (unguessable links, no login) and the call-back after a poor or "too slow" rating. */
export { createSurveyService, type SurveyService, type SurveyAnswer } from './survey-service.ts';
export { callbackReason, callbackTask, slowKeywords, callbackWithinMs } from '../../core/csat/callback.ts';
