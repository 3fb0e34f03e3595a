// Who is calling and what they may see: tokens, principals, roles, scopes, masking and the audit log; shared by http and realtime.
export {};
