// The `switchboard` command line: serve, validate, test, explain, simulate, import, report, qa.
export {};
