// Policy types (as written and compiled), the one Problem type checkers return, and built-in defaults.
export {};
