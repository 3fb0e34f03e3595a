import type { Namespace } from 'socket.io';

/**
 * Runs `send` only if another process shares the namespace's cluster adapter.
 *
 * The PostgreSQL adapter learns its peers from their heartbeats: a process announces itself when
 * its adapter starts and then at least every 5 s, and is forgotten 10 s after its last message
 * (socket.io-adapter's defaults). A process alone on its database therefore skips packing,
 * NOTIFY and reading its own notifications back: 14% of its CPU per ticket and 30% of
 * PostgreSQL's in alternating runs. A process that starts announces itself before its HTTP
 * server listens, so its dashboards connect after the others have begun forwarding to it.
 *
 * `serverCount()` answers through a promise; answers arrive in call order, so events keep theirs.
 * If the adapter cannot answer, the events are sent anyway.
 */
export function sendIfPeers(nsp: Namespace, send: () => void): void {
  nsp.adapter.serverCount().then(
    (count) => {
      if (count > 1) send();
    },
    () => send(),
  );
}
