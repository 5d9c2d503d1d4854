import type { Db } from 'mongodb';
import type { DashboardStores } from '../../domain/dashboard.js';
import { mongoAuditLog } from './dashboard-audit.js';
import { mongoLoginTokens } from './dashboard-login-tokens.js';
import { mongoRatingHistory } from './dashboard-ratings.js';
import { mongoDashboardSessions } from './dashboard-sessions.js';

/** The dashboard's ports on a MongoDB (or FerretDB) database; creates their indexes. */
export const openMongoDashboardStores = async (db: Db): Promise<DashboardStores> => ({
  loginTokens: await mongoLoginTokens(db),
  audit: await mongoAuditLog(db),
  ratings: await mongoRatingHistory(db),
  sessions: await mongoDashboardSessions(db),
});
