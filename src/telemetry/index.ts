// What operators watch: the JSON-lines logger and the Prometheus metrics.
export {};
