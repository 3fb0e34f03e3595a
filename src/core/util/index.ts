// Small pure helpers: the injectable clock, ids, durations, local time, did-you-mean suggestions.
export {};
