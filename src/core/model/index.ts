// The data model: tickets, replies, tasks, SLA timers and quality reviews as stored and published.
export {};
