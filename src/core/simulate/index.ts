// Replays historical tickets through a candidate policy and compares outcomes.
export {};
