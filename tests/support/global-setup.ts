import { findFerretDb, portOpen, startFerretDb } from './services.js';

/**
 * Makes the real services available to every test file:
 * MONGODB_URI as given, else a FerretDB started here (SQLite handler) when its binary is installed;
 * REDIS_URL as given, else 127.0.0.1:6379 when something listens there.
 */
export default async function setup(): Promise<() => void> {
  const stops: Array<() => void> = [];
  if (!process.env.MONGODB_URI) {
    const bin = findFerretDb();
    if (bin) {
      const port = 27100 + Math.floor(Math.random() * 800);
      const f = await startFerretDb(bin, port);
      process.env.MONGODB_URI = f.uri;
      stops.push(f.stop);
    }
  }
  if (!process.env.REDIS_URL && (await portOpen('127.0.0.1', 6379))) {
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
  }
  return () => stops.forEach((s) => s());
}
