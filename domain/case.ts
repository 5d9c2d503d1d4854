import type { CaseAlert } from './alerts.js';
import type { CaseDispatch } from './dispatch-types.js';
import type { AcceptanceRecord, ExtensionRequest, SupervisionAction, SupervisionLevelChange, SupervisionNotice } from './supervision-types.js';

export const caseStatuses = [
  'reported', // 上报
  'registered', // 登记
  'assessed', // 评估
  'rectifying', // 整改
  'review_requested', // 申请复核
  'closed', // 销号
  'rejected', // 不予受理
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const openStatuses: readonly CaseStatus[] = ['reported', 'registered', 'assessed', 'rectifying', 'review_requested'];

// self_inspection: 企业自查 (an enterprise account reports its own hazard); expert_service: 专家服务 findings
export const caseSources = ['worker_report', 'anonymous_tip', 'inspection', 'expert_service', 'ai_alert', 'self_inspection'] as const; // ai_alert: AI 预警
export type CaseSource = (typeof caseSources)[number];

export const severities = ['general', 'major'] as const; // 一般 / 重大
export type Severity = (typeof severities)[number];

/** A stored photo, addressed by the SHA-256 of the stored (metadata-stripped) bytes. */
export interface PhotoRef {
  id: string;
  mime: string;
  bytes: number;
  /** SHA-256 of the bytes as received, before EXIF was stripped (worker reports keep it as evidence). */
  originalSha256?: string;
  capturedAt?: Date;
}

export interface GeoPoint {
  lat: number;
  lng: number;
  label?: string;
}

/** 挂牌督办 record of a major hazard, with the 五落实 fields that must all be filled before closure. */
export interface Supervision {
  listedAt: Date;
  listedBy: string;
  /** 立案: a case has been opened for enforcement. */
  filed: boolean;
  responsibility?: string; // 责任
  measures?: string; // 措施
  funding?: string; // 资金
  timeLimit?: string; // 时限
  plan?: string; // 预案
}
export const fiveImplementations = ['responsibility', 'measures', 'funding', 'timeLimit', 'plan'] as const;

export const caseActions = [
  'report',
  'register',
  'reject',
  'assess',
  'start_rectification',
  'request_review',
  'approve',
  'send_back',
  'dispute',
  'extend_deadline',
  'update_supervision',
  'escalate',
  'confirm_cleared', // an official confirms a device's "cleared" alert: the AI-alert case closes
] as const;
export type CaseAction = (typeof caseActions)[number];

export interface CaseEvent {
  at: Date;
  actorId: string;
  actorRole: string;
  action: CaseAction | SupervisionAction;
  from: CaseStatus | null;
  to: CaseStatus;
  note?: string;
  evidence?: PhotoRef[];
  /** Steps the system took by itself name the rule (e.g. `enterprise_alias`); the actor is then `system`. */
  rule?: string;
  /** The fields an update changed (挂牌督办 五落实), shown localized instead of a note. */
  changed?: string[];
}

export interface Case {
  id: string;
  /** Human-readable, unique, from an atomic counter: ZZ-2026-000123. */
  number: string;
  source: CaseSource;
  status: CaseStatus;
  enterpriseId?: string;
  /** The name as the reporter typed it, kept even when it matched no registered enterprise. */
  enterpriseName?: string;
  townId?: string;
  description: string;
  category?: string;
  severity?: Severity;
  beforePhotos: PhotoRef[];
  afterPhotos: PhotoRef[];
  location?: GeoPoint;
  /** Identity of the reporter; absent for anonymous tips. */
  reporterId?: string;
  assessorId?: string;
  assigneeId?: string;
  deadline?: Date;
  supervision?: Supervision;
  rejectReason?: string;
  escalatedAt?: Date;
  closedAt?: Date;
  /** How 自动派单 placed the case, and whether a person must still confirm the town. */
  dispatch?: CaseDispatch;
  /** 挂牌督办 trail (domain/supervision.ts): 督办通知书, 延期申请, 验收. */
  notice?: SupervisionNotice;
  extensions?: ExtensionRequest[];
  acceptance?: AcceptanceRecord;
  /** 监管层级 changes (乡镇 ↔ 县级), oldest first (domain/supervision-level.ts). */
  levelHistory?: SupervisionLevelChange[];
  /** AI 预警 cases only: the device, type, repeat count and "cleared" report. */
  alert?: CaseAlert;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  history: CaseEvent[];
}

export const formatCaseNumber = (prefix: string, year: number, seq: number): string =>
  `${prefix}-${year}-${String(seq).padStart(6, '0')}`;

export const isOverdue = (c: Pick<Case, 'deadline' | 'status'>, now: Date): boolean =>
  c.deadline !== undefined && openStatuses.includes(c.status) && c.deadline.getTime() < now.getTime();
