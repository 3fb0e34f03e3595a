// Quality review: checklists, sampling, scoring and per-agent quality.
export {};
