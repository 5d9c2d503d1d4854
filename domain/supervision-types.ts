/**
 * The 挂牌督办 document trail kept on a major case (cf. 隐患排查治理信息系统): the 督办通知书 with its 文号,
 * its 送达 and 签收, the enterprise's 延期申请 and their decisions, and the 验收 before 销号.
 * Apart from case.ts so that Case can hold them without an import cycle.
 */
export const supervisionActions = [
  'issue_notice', // 下达督办通知书
  'serve_notice', // 送达
  'acknowledge_notice', // 签收
  'request_extension', // 延期申请
  'decide_extension', // 延期审批
  'record_acceptance', // 验收
] as const;
export type SupervisionAction = (typeof supervisionActions)[number];

/** A stored file (photo or scan), as PhotoRef. */
export interface AttachmentFile {
  id: string;
  mime: string;
  bytes: number;
}

export interface SupervisionNotice {
  /** 文号, e.g. 泽应急督〔2026〕3号, from an atomic counter. */
  docNumber: string;
  issuedAt: Date;
  issuedBy: string;
  /** The .docx as stored (MediaStore id). */
  documentId?: string;
  servedAt?: Date;
  /** Channel kinds it went out on (`web`, `tg`, `wecom`), never chat ids. */
  servedVia?: string[];
  servedBy?: string;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  /** A 签收 on paper (送达回证), recorded by an official on the enterprise's behalf. */
  receipt?: NoticeReceipt;
}

/** The signed 送达回证 of a notice served in person: who signed for the enterprise, and its photo. */
export interface NoticeReceipt {
  signer: string;
  recordedBy: string;
  photos: AttachmentFile[];
}

export interface ExtensionRequest {
  id: string;
  requestedAt: Date;
  requestedBy: string;
  reason: string;
  /** The deadline asked for. */
  deadline: Date;
  previousDeadline?: Date;
  attachments: AttachmentFile[];
  decision?: 'approved' | 'refused';
  decidedAt?: Date;
  decidedBy?: string;
  decisionReason?: string;
  /** When the approval set another deadline than the one asked for. */
  grantedDeadline?: Date;
}

export interface AcceptanceRecord {
  at: Date;
  by: string;
  byName?: string;
  opinion: string;
  photos: AttachmentFile[];
}

/** Who supervises a case (监管层级): the town (乡镇属地) or the county (县级: 挂牌督办 or 县局督办). */
export type CaseSupervisionLevel = 'county' | 'town';

/** One change of a case's 监管层级, kept as its own trail beside the history (domain/supervision-level.ts). */
export interface SupervisionLevelChange {
  at: Date;
  /** Absent for the first level a case gets (at 登记). */
  from?: CaseSupervisionLevel;
  to: CaseSupervisionLevel;
  /** The step that moved it (登记, 评估 as 重大, 升级督办, 延期 …), and its rule when the system took it. */
  action: string;
  actorId: string;
  actorRole: string;
  rule?: string;
}
