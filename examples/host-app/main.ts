// `npm run example:host`: the host app on $PORT (default 4000), data in ./data/host-app.
import { startHostApp } from './app.ts';

// Switchboard's own tokens protect /support (SWITCHBOARD_ADMIN_TOKEN, or the generated one
// printed at first start); a real host could put its own auth middleware in front instead.
const host = await startHostApp({
  port: Number(process.env.PORT ?? 4000),
  switchboard: { dataDir: 'data/host-app', security: {} },
});
console.error(`host app on http://127.0.0.1:${host.port} (Switchboard at /support, events on /switchboard)`);
const stop = () => void host.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
