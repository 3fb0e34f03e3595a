// Every change to a ticket after intake (status, replies, fields, SLA steps, automations), each returning the new ticket and its events.
export {};
