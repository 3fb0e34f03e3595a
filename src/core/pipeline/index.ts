// Intake decisions: classify, prioritise, pick the SLA, route and render scripts, each with its trace.
export {};
