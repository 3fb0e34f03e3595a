// The REST edge: routes, the guard, validation, error answers, OpenAPI, dashboard and survey pages.
export {};
