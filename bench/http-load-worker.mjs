// The load side of bench/http-load.ts, on its own thread so that the server's event loop (and
// its stall measurement) is the server's alone. Plain JS: workers get no TypeScript loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, bodies, headers, requests, concurrency, maxMs } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = new Float64Array(requests);
const statuses = new Map();
let next = 0;
let done = 0;

const post = (body) =>
  new Promise((resolve) => {
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });

const started = performance.now();
const deadline = started + maxMs;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < requests && performance.now() < deadline) {
    const i = next++;
    const t0 = performance.now();
    const status = await post(bodies[i % bodies.length]);
    latencies[done++] = performance.now() - t0;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
parentPort.postMessage({ latencies: latencies.slice(0, done), seconds, statuses: Object.fromEntries(statuses) });
