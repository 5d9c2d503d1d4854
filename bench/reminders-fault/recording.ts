import Database from 'better-sqlite3';
import type { ChatPort } from '../../domain/index.js';

/**
 * The bench's channel: every accepted send is a committed SQLite row, so a SIGKILL right after
 * `send` returns still leaves the evidence that the message went out.
 */
export function openBenchDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec('CREATE TABLE IF NOT EXISTS bench_sends (target TEXT NOT NULL, text TEXT NOT NULL, pid INTEGER NOT NULL)');
  return db;
}

export function recordingChat(db: Database.Database): ChatPort {
  const insert = db.prepare('INSERT INTO bench_sends (target, text, pid) VALUES (?, ?, ?)');
  return {
    async send(chat, messages) {
      await new Promise((r) => setTimeout(r, 20)); // a channel round trip, so that sends are in flight when the worker dies
      for (const m of messages) insert.run(chat, m.kind === 'text' ? m.text : '', process.pid);
    },
  };
}
