// switchboard/http: for hosts serving Switchboard's router from their own HTTP server.
export { createExpressServer } from '../http/express-server.ts';
