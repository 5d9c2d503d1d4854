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
}

export interface AcceptanceRecord {
  at: Date;
  by: string;
  byName?: string;
  opinion: string;
  photos: AttachmentFile[];
}
