import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server for an express app, creating each request and response already carrying the
 * app's express prototype.
 *
 * Express gives every request and response its prototype with `Object.setPrototypeOf` (in
 * `app.handle`). Changing the prototype of an existing object is slow in V8, and worse, it kept
 * each request's objects alive through young-generation collections. Measured here (Node 20,
 * trivial route, 32 connections): about 21 MB promoted to the old generation per scavenge, and
 * 6,700 requests/s. With objects created from subclasses whose prototype *is* the app's, that
 * call changes nothing: 0 MB promoted and 23,000–25,000 requests/s. The classes sit between the
 * app's prototype and the object, so every express method and getter resolves as before.
 */
export function createExpressServer(app: Express): Server {
  class Request extends IncomingMessage {}
  class Response<R extends IncomingMessage = IncomingMessage> extends ServerResponse<R> {}
  Object.setPrototypeOf(Request.prototype, app.request);
  Object.setPrototypeOf(Response.prototype, app.response);
  (app as { request: unknown }).request = Request.prototype;
  (app as { response: unknown }).response = Response.prototype;
  return createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
}
