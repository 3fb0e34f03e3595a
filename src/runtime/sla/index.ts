// Runs SLA deadlines: arms each open ticket at its next instant and steps it when due, alone or shared across processes.
export {};
