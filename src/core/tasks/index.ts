// Follow-up tasks on tickets: their states and ids, due times, and the to-do index across tickets.
export {};
