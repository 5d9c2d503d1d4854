import type { NotifyPrefs } from './notify-prefs.js';

/**
 * `enterprise`: 企业安全负责人, bound to one enterprise by its town's invite; `expert`: 专家 serving the
 * enterprises assigned to them (notice: 企业自查、专家服务、部门监管). Neither is an official.
 */
export const roles = ['worker', 'town_official', 'county_official', 'admin', 'enterprise', 'expert'] as const;
export type Role = (typeof roles)[number];

/** A person the system knows: officials and admins always; workers once they bind a chat. */
export interface Identity {
  id: string;
  displayName: string;
  role: Role;
  /** Required for town officials: the only town whose cases they may see and act on. */
  townId?: string;
  /** Required for the enterprise role: the one enterprise it speaks for. */
  enterpriseId?: string;
  /** The expert role: the enterprises assigned to this expert. */
  enterpriseIds?: string[];
  /** Personal notification settings (quiet hours, daily digest). */
  notify?: NotifyPrefs;
  username?: string;
  passwordHash?: string;
  /** Set while the one-time password printed at first start has not been changed. */
  mustChangePassword?: boolean;
  createdAt: Date;
}

/** Who is acting. Anonymous actors (tipsters, unbound chats) have no identity id. */
export interface Actor {
  id: string;
  role: Role;
  townId?: string;
  name?: string;
  enterpriseId?: string;
  enterpriseIds?: string[];
}

const officialRoles: ReadonlySet<Role> = new Set(['town_official', 'county_official', 'admin']);
export const isOfficial = (a: Pick<Actor, 'role'>): boolean => officialRoles.has(a.role);
export const isCountyLevel = (a: Pick<Actor, 'role'>): boolean => a.role === 'county_official' || a.role === 'admin';
