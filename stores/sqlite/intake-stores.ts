import type { Database } from 'better-sqlite3';
import type { AlertDevice, AlertType, IntakeStores } from '../../domain/alerts.js';
import { notFound } from '../shared/errors.js';
import { mapConstraints } from './errors.js';

/**
 * AI-alert devices, alert incidents, request nonces and polled-message ids on a better-sqlite3 handle.
 * Every "first one wins" decision is a primary-key insert.
 */
export function createSqliteIntakeStores(db: Database): IntakeStores {
  db.exec(`
    CREATE TABLE IF NOT EXISTS alert_devices (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS alert_incidents (
      device_id TEXT NOT NULL, type TEXT NOT NULL, generation INTEGER NOT NULL,
      case_id TEXT NOT NULL, opened_at INTEGER NOT NULL,
      PRIMARY KEY (device_id, type, generation)
    );
    CREATE TABLE IF NOT EXISTS request_nonces (
      scope TEXT NOT NULL, nonce TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (scope, nonce)
    );
    CREATE INDEX IF NOT EXISTS request_nonces_seen ON request_nonces (seen_at);
    CREATE TABLE IF NOT EXISTS polled_messages (
      source TEXT NOT NULL, message_id TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (source, message_id)
    );
  `);
  const toDevice = (doc: string): AlertDevice => {
    const d = JSON.parse(doc) as AlertDevice & { createdAt: string; revokedAt?: string };
    return { ...d, createdAt: new Date(d.createdAt), ...(d.revokedAt && { revokedAt: new Date(d.revokedAt) }) };
  };
  const q = {
    insertDevice: db.prepare('INSERT INTO alert_devices (id, doc) VALUES (?, ?)'),
    updateDevice: db.prepare('UPDATE alert_devices SET doc = ? WHERE id = ?'),
    device: db.prepare<[string], { doc: string }>('SELECT doc FROM alert_devices WHERE id = ?'),
    devices: db.prepare<[], { doc: string }>('SELECT doc FROM alert_devices ORDER BY id'),
    latest: db.prepare<[string, string], { generation: number; case_id: string; opened_at: number }>(
      'SELECT generation, case_id, opened_at FROM alert_incidents WHERE device_id = ? AND type = ? ORDER BY generation DESC LIMIT 1',
    ),
    open: db.prepare('INSERT OR IGNORE INTO alert_incidents (device_id, type, generation, case_id, opened_at) VALUES (?, ?, ?, ?, ?)'),
    nonce: db.prepare('INSERT OR IGNORE INTO request_nonces (scope, nonce, seen_at) VALUES (?, ?, ?)'),
    prune: db.prepare('DELETE FROM request_nonces WHERE seen_at < ?'),
    claimMessage: db.prepare('INSERT OR IGNORE INTO polled_messages (source, message_id, seen_at) VALUES (?, ?, ?)'),
    releaseMessage: db.prepare('DELETE FROM polled_messages WHERE source = ? AND message_id = ?'),
  };
  return {
    devices: {
      async insert(d) {
        mapConstraints(`alert device ${d.id}`, () => q.insertDevice.run(d.id, JSON.stringify(d)));
      },
      async get(id) {
        const r = q.device.get(id);
        return r ? toDevice(r.doc) : null;
      },
      async list() {
        return q.devices.all().map((r) => toDevice(r.doc));
      },
      async update(d) {
        if (q.updateDevice.run(JSON.stringify(d), d.id).changes === 0) throw notFound('alert device', d.id);
      },
    },
    incidents: {
      async latest(deviceId, type) {
        const r = q.latest.get(deviceId, type);
        return r ? { deviceId, type: type as AlertType, generation: r.generation, caseId: r.case_id, openedAt: new Date(r.opened_at) } : null;
      },
      async open(i) {
        return q.open.run(i.deviceId, i.type, i.generation, i.caseId, i.openedAt.getTime()).changes > 0;
      },
    },
    nonces: {
      async claim(scope, nonce, at) {
        return q.nonce.run(scope, nonce, at.getTime()).changes > 0;
      },
      async prune(before) {
        return q.prune.run(before.getTime()).changes;
      },
    },
    messages: {
      async claim(source, messageId, at) {
        return q.claimMessage.run(source, messageId, at.getTime()).changes > 0;
      },
      async release(source, messageId) {
        q.releaseMessage.run(source, messageId);
      },
    },
  };
}
