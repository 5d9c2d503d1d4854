import type { Db } from 'mongodb';
import type { AlertDevice, AlertType, IntakeStores } from '../../domain/alerts.js';
import { notFound } from '../shared/errors.js';
import { isDuplicateKey, mapDuplicate } from './errors.js';

type DeviceDoc = Omit<AlertDevice, 'id'> & { _id: string };
interface IncidentDoc {
  _id: string; // `${deviceId}|${type}|${generation}`: the unique insert that decides who opens a case
  deviceId: string;
  type: AlertType;
  generation: number;
  caseId: string;
  openedAt: Date;
}
interface SeenDoc {
  _id: string;
  seenAt: Date;
}

/** Inserts under a unique `_id`: false when it exists. The only atomic decision FerretDB 1.24 offers. */
async function insertOnce(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}

/** AI-alert devices, alert incidents, request nonces and polled-message ids on MongoDB / FerretDB. */
export async function createMongoIntakeStores(db: Db): Promise<IntakeStores> {
  const devices = db.collection<DeviceDoc>('alert_devices');
  const incidents = db.collection<IncidentDoc>('alert_incidents');
  const nonces = db.collection<SeenDoc>('request_nonces');
  const messages = db.collection<SeenDoc>('polled_messages');
  // One index per command (FerretDB can drop the connection on a createIndexes naming two existing ones).
  await incidents.createIndex({ deviceId: 1, type: 1, generation: -1 }, { name: 'device_type_generation' });
  await nonces.createIndex({ seenAt: 1 }, { name: 'seen' });

  const toDevice = ({ _id, ...d }: DeviceDoc): AlertDevice => ({ id: _id, ...d });
  const fromDevice = ({ id, ...d }: AlertDevice): DeviceDoc => ({ _id: id, ...d });
  return {
    devices: {
      async insert(d) {
        await mapDuplicate(`alert device ${d.id}`, () => devices.insertOne(fromDevice(d)));
      },
      async get(id) {
        const d = await devices.findOne({ _id: id });
        return d ? toDevice(d) : null;
      },
      async list() {
        return (await devices.find({}).sort({ _id: 1 }).toArray()).map(toDevice);
      },
      async update(d) {
        const r = await devices.replaceOne({ _id: d.id }, fromDevice(d));
        if (r.matchedCount === 0) throw notFound('alert device', d.id);
      },
    },
    incidents: {
      async latest(deviceId, type) {
        const doc = await incidents.find({ deviceId, type }).sort({ generation: -1 }).limit(1).next();
        if (!doc) return null;
        const { _id, ...i } = doc;
        return i;
      },
      open: (i) => insertOnce(() => incidents.insertOne({ _id: `${i.deviceId}|${i.type}|${i.generation}`, ...i })),
    },
    nonces: {
      claim: (scope, nonce, at) => insertOnce(() => nonces.insertOne({ _id: `${scope}|${nonce}`, seenAt: at })),
      async prune(before) {
        return (await nonces.deleteMany({ seenAt: { $lt: before } })).deletedCount;
      },
    },
    messages: {
      claim: (source, messageId, at) => insertOnce(() => messages.insertOne({ _id: `${source}|${messageId}`, seenAt: at })),
      async release(source, messageId) {
        await messages.deleteOne({ _id: `${source}|${messageId}` });
      },
    },
  };
}
