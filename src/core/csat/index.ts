// Satisfaction: when a rating needs a call-back.
export {};
