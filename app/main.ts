import { serve } from '@hono/node-server';
import { loadConfigOrExit } from './config.js';
import { createApp } from './container.js';
import { createLogger } from './logger.js';

const config = loadConfigOrExit();

const log = createLogger(config.logLevel);
const app = await createApp(config, log);
const server = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, (info) => {
  log.info({ url: `http://${config.http.host}:${info.port}/`, store: config.store.kind }, 'web chat ready');
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight work');
  // Stop accepting connections, let in-flight requests finish, then close channels, jobs and stores.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
  log.info('stopped');
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
