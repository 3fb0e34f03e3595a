// The runtime services around the core: the ticket service (one queue per ticket, durable before publish), SLA runner, routing service, policy holder, FAQ, QA and CSAT services.
export {};
