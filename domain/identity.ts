export const roles = ['worker', 'town_official', 'county_official', 'admin'] as const;
export type Role = (typeof roles)[number];

/** A person the system knows: officials and admins always; workers once they bind a chat. */
export interface Identity {
  id: string;
  displayName: string;
  role: Role;
  /** Required for town officials: the only town whose cases they may see and act on. */
  townId?: string;
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
}

export const isOfficial = (a: Pick<Actor, 'role'>): boolean => a.role !== 'worker';
export const isCountyLevel = (a: Pick<Actor, 'role'>): boolean => a.role === 'county_official' || a.role === 'admin';
