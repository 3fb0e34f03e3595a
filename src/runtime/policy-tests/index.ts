// Policy tests (`switchboard test`): reads test files and runs their tickets through a policy.
export {};
