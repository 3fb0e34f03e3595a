// Self-service answers: the FAQ index, matching and customer confirmation.
export {};
