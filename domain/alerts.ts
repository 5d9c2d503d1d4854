/**
 * Machine alerts (AI 预警): AI cameras, welding-monitor robots and inspection platforms report risks they
 * recognise. An alert becomes a case (source `ai_alert`); repeats of the same device and type within a window
 * are counted on that case, and a "cleared" alert lets an official confirm closure.
 * Ports implemented by stores/sqlite/intake-* and stores/mongo/intake-*, verified by tests/contract/intake-store.contract.ts.
 */

/** The documented alert types (notice items 20–24: 动火作业 AI 预警、智能识别"三违"、AI 智能巡检). */
export const alertTypes = {
  hot_work_unapproved: '动火作业未审批',
  hot_work_no_watch: '动火作业无监护',
  no_helmet: '未佩戴安全帽',
  no_safety_belt: '高处作业未系安全带',
  confined_space_unattended: '有限空间无监护',
  gas_leak: '煤气泄漏报警',
  smoke_fire: '烟雾火焰',
  smoking: '违规吸烟',
  intrusion: '危险区域闯入',
  phone_use: '作业时使用手机',
  fire_exit_blocked: '安全出口堵塞',
  dust_accumulation: '粉尘积聚',
} as const;
export type AlertType = keyof typeof alertTypes;
export const alertTypeCodes = Object.keys(alertTypes) as AlertType[];

export const deviceKinds = ['camera', 'welding_robot', 'inspection_platform'] as const; // AI 摄像头 / 动火作业机器人 / 巡检平台
export type DeviceKind = (typeof deviceKinds)[number];

/** A device allowed to post alerts. Its signing secret is derived from a server key and `keyVersion`; never stored. */
export interface AlertDevice {
  id: string;
  name: string;
  kind: DeviceKind;
  /** The enterprise the device watches; alerts may name another registered one. */
  enterpriseId?: string;
  townId?: string;
  /** Bumped when an admin issues a new secret: the old one stops working. */
  keyVersion: number;
  createdBy: string;
  createdAt: Date;
  revokedAt?: Date;
}

/** What an AI-alert case carries besides the common fields. */
export interface CaseAlert {
  deviceId: string;
  type: AlertType;
  /** Alerts of this device and type after the first one, within the de-duplication window. */
  repeats: number;
  /** When the device saw the first alert (its clock). */
  firstAt: Date;
  /** When the server received the latest one: the de-duplication window runs from here. */
  lastAt: Date;
  /** Highest confidence reported so far (0–1). */
  confidence: number;
  /** The device reported the risk gone; an official confirms before the case closes. */
  clearedAt?: Date;
}

/**
 * The case currently collecting a device's alerts of one type. Rows are only ever inserted (generation 1, 2 …),
 * so "who opens the next case" is decided by a unique insert, which is atomic on SQLite, MongoDB and FerretDB.
 */
export interface AlertIncident {
  deviceId: string;
  type: AlertType;
  generation: number;
  caseId: string;
  openedAt: Date;
}

export interface AlertDeviceRepo {
  /** DUPLICATE when the id exists. */
  insert(d: AlertDevice): Promise<void>;
  get(id: string): Promise<AlertDevice | null>;
  list(): Promise<AlertDevice[]>;
  /** Replaces the device (admin edits: new secret, revocation). NOT_FOUND when missing. */
  update(d: AlertDevice): Promise<void>;
}

export interface AlertIncidentRepo {
  /** The incident with the highest generation for the device and type, or null. */
  latest(deviceId: string, type: AlertType): Promise<AlertIncident | null>;
  /** False when that generation exists already (another request opened it first). */
  open(i: AlertIncident): Promise<boolean>;
}

/** Request nonces seen within the replay window, shared by every replica through the store. */
export interface NonceRepo {
  /** True the first time (scope, nonce) is claimed. */
  claim(scope: string, nonce: string, at: Date): Promise<boolean>;
  /** Forgets nonces seen before `before`. */
  prune(before: Date): Promise<number>;
}

/** Messages of a polled channel (e-mail Message-IDs) already turned into something, so a re-fetch is handled once. */
export interface MessageSeenRepo {
  /** True the first time; false when the message was claimed before. */
  claim(source: string, messageId: string, at: Date): Promise<boolean>;
  /** Gives a claim back when the message could not be handled, so the next poll retries it. */
  release(source: string, messageId: string): Promise<void>;
}

export interface IntakeStores {
  devices: AlertDeviceRepo;
  incidents: AlertIncidentRepo;
  nonces: NonceRepo;
  messages: MessageSeenRepo;
}
