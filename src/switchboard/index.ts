// The composition root: builds a Switchboard from options and serves it over HTTP and socket.io.
export {};
