import { serve } from '@hono/node-server';
import { loadConfigOrExit } from './config.js';
import { createApp } from './container.js';
import { createLogger } from './logger.js';

const config = loadConfigOrExit();

const log = createLogger(config.logLevel);
// Listening from the start, so probes get an answer: 503 "starting" until the stores are open and the app is wired.
const started: { app?: Awaited<ReturnType<typeof createApp>> } = {};
const starting = () => Response.json({ status: 'starting', ready: false }, { status: 503, headers: { 'retry-after': '5' } });
const server = serve({ fetch: (req) => (started.app ? started.app.fetch(req) : starting()), port: config.http.port, hostname: config.http.host });
// A taken port (a second copy started, say) is a set-up mistake: say so and how to choose another, without a stack.
server.once('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE' && e.code !== 'EACCES') throw e;
  const why = e.code === 'EADDRINUSE' ? 'the port is in use (is another copy running?)' : 'permission denied';
  console.error(`cannot listen on ${config.http.host}:${config.http.port}: ${why}; set PORT to another port`);
  process.exit(2);
});
const listening = new Promise<number>((resolve) => server.once('listening', () => resolve((server.address() as { port: number }).port)));
let stopping = false;
// Requests are served from here on; the start-up work (plan sync, start-up sweep) follows, and /readyz answers 503
// until it is done.
const app = (started.app = await createApp(config, log, { deferStartWork: true }));
const url = `http://${config.http.host}:${await listening}/`;
app.finishStart().then(
  () => log.info({ url, store: config.store.kind }, 'web chat ready'),
  (e: unknown) => {
    if (stopping) return; // the stores closed under it
    log.fatal({ err: e }, 'start-up work failed');
    process.exit(1);
  },
);

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight work');
  // Not ready any more (load balancers stop sending), stop accepting connections, let in-flight requests
  // finish, then close channels, jobs and stores.
  await app.drain();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  log.info('stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
