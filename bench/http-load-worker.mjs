// The load side of bench/http-load.ts, on its own thread so that the server's event loop (and
// its stall measurement) is the server's alone. Plain JS: workers get no TypeScript loader.
//
// A minimal HTTP/1.1 keep-alive client over raw sockets, like wrk or autocannon: requests are
// pre-encoded and answers are parsed just enough to read the status and skip the body. On a
// machine with two cores the load generator shares the CPU with the server, and node:http's
// client costs several times more per request than the server-side work it is measuring.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { url, bodies, headers, requests, concurrency, maxMs } = workerData;
const target = new URL(url);
const head = Object.entries({ host: target.host, 'content-type': 'application/json', ...headers })
  .map(([k, v]) => `${k}: ${v}\r\n`)
  .join('');
const encode = (body) =>
  Buffer.from(
    `POST ${target.pathname}${target.search} HTTP/1.1\r\n${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

const latencies = new Float64Array(requests);
const statuses = new Map();
let next = 0;
let done = 0;
const started = performance.now();
const deadline = started + maxMs;

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection sending its next request when the previous answer is complete. */
function connection() {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    let pending = Buffer.alloc(0);
    let bodyLeft = -1; // -1: reading the head of an answer
    let status = 0;
    let t0 = 0;

    const send = () => {
      if (next >= requests || performance.now() >= deadline) {
        socket.end();
        return resolve();
      }
      const i = next++;
      t0 = performance.now();
      socket.write(encode(bodies[i % bodies.length]));
    };
    const finish = () => {
      latencies[done++] = performance.now() - t0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      bodyLeft = -1;
      send();
    };

    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (bodyLeft < 0) {
          const end = pending.indexOf(HEADER_END);
          if (end < 0) return;
          const text = pending.toString('latin1', 0, end);
          status = Number(text.slice(9, 12));
          const length = /\r\ncontent-length: *(\d+)/i.exec(text);
          if (!length)
            return reject(
              new Error(
                `answer without content-length (status ${status}); this load generator reads only sized bodies`,
              ),
            );
          bodyLeft = Number(length[1]);
          pending = pending.subarray(end + 4);
        }
        if (pending.length < bodyLeft) return;
        pending = pending.subarray(bodyLeft);
        finish();
        if (pending.length === 0) return;
      }
    });
  });
}

await Promise.all(Array.from({ length: concurrency }, connection));
const seconds = (performance.now() - started) / 1000;
parentPort.postMessage({ latencies: latencies.slice(0, done), seconds, statuses: Object.fromEntries(statuses) });
