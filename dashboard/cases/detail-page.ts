import { html } from 'hono/html';
import { alertTypes, fiveImplementations, isOfficial, missingSupervisionFields, roles } from '../../domain/index.js';
import type { Case, CaseEvent, PhotoRef } from '../../domain/index.js';
import { dateTime, day } from '../dates.js';
import type { Html } from '../html/layout.js';
import { actionLabel, roleLabel, severityLabel, sourceLabel, statusLabel, supervisionLabel } from '../labels.js';
import { to } from '../paths.js';
import { describeEvent } from '../../handlers/cases/history.js';
import { translator } from '../../locales/index.js';
import { caseLink, statusBadges } from './list-page.js';
import { caseSupervisionLevel } from '../../domain/supervision-level.js';

/** The channels a notice was served on (SupervisionNotice.servedVia). */
const servedVia: Record<string, string> = { web: '网页聊天', tg: 'Telegram', wecom: '企业微信', in_person: '现场送达' };
const levelText = (l: string | undefined) => (l ? zh(`level.${l}` as 'level.town') : zh('level.none'));

const zh = translator('zh-CN');
const photoUrl = (c: Case, p: PhotoRef, thumb = false) => `${caseLink(c)}/photos/${encodeURIComponent(p.id)}${thumb ? '/thumb' : ''}`;

export function gallery(c: Case, photos: PhotoRef[], caption: string): Html {
  if (photos.length === 0) return html`<p class="muted">无</p>`;
  return html`<div class="gallery">${photos.map(
    (p, i) => html`<a class="photo" href="${photoUrl(c, p)}" data-caption="${caption} ${i + 1}/${photos.length}">
      <img src="${photoUrl(c, p, true)}" alt="${caption} ${i + 1}" loading="lazy" width="160" height="160"></a>`,
  )}</div>`;
}

/**
 * Who acted, as a page may show it: officials by name; reporters never by identity, and tipsters not
 * even as "the reporter" beyond the word 匿名举报人.
 */
function actorText(c: Case, e: CaseEvent, names: Map<string, string>): string {
  const role = roles.find((r) => r === e.actorRole);
  // Not an identity: 自动派单 and the deadline jobs act as `system`, naming their rule.
  if (e.actorId === 'system' || e.actorRole === 'system') return '系统';
  if (role && (isOfficial({ role }) || role === 'enterprise' || role === 'expert')) {
    return names.has(e.actorId) ? `${names.get(e.actorId)}（${roleLabel(role)}）` : roleLabel(role);
  }
  return c.source === 'anonymous_tip' ? '匿名举报人' : c.source === 'ai_alert' ? 'AI 预警设备' : '上报人';
}

function timeline(c: Case, names: Map<string, string>): Html {
  return html`<ol class="timeline">${c.history.map(
    (e) => html`<li>
      <time>${dateTime(e.at)}</time>
      <strong>${actionLabel(e.action)}</strong>
      ${e.from && e.from !== e.to ? html`<span class="muted">${statusLabel(e.from)} → ${statusLabel(e.to)}</span>` : ''}
      <span class="actor">${actorText(c, e, names)}</span>
      ${noteOf(c, e)}
      ${e.evidence?.length ? gallery(c, e.evidence, '佐证照片') : ''}
    </li>`,
  )}</ol>`;
}

/** The event's note as the chat shows it: localized, rules and changed fields named (handlers/cases/history.ts). */
function noteOf(c: Case, e: CaseEvent): Html | string {
  const note = describeEvent(c, e, zh, 'zh-CN').note;
  return note ? html`<div class="note">${note}</div>` : '';
}

/** 督办通知书 (文号, 下达, 送达, 签收, .docx), 延期申请 and their decisions, 验收. */
function trailBlock(c: Case, names: Map<string, string>): Html {
  if (!c.notice && !c.extensions?.length && !c.acceptance) return html``;
  const who = (id?: string) => (id ? (names.get(id) ?? '') : '');
  const n = c.notice;
  return html`<section class="card trail">
    <h2>督办文书与延期、验收</h2>
    ${n
      ? html`<dl>
          <dt>督办通知书</dt><dd>${n.docNumber}${n.documentId ? html`（<a href="${caseLink(c)}/notice.docx">下载 .docx</a>）` : ''}</dd>
          <dt>下达</dt><dd>${dateTime(n.issuedAt)} ${who(n.issuedBy)}</dd>
          <dt>送达</dt><dd>${n.servedAt ? `${dateTime(n.servedAt)}（${(n.servedVia ?? []).map((v) => servedVia[v] ?? v).join('、')}）${who(n.servedBy)}` : html`<span class="muted">未送达</span>`}</dd>
          <dt>签收</dt><dd>${n.acknowledgedAt
            ? n.receipt
              ? html`${dateTime(n.acknowledgedAt)} ${n.receipt.signer}（纸质送达回证，${who(n.receipt.recordedBy)}登记）${gallery(c, n.receipt.photos, '送达回证')}`
              : `${dateTime(n.acknowledgedAt)} ${who(n.acknowledgedBy)}`
            : html`<span class="muted">未签收</span>`}</dd>
        </dl>`
      : ''}
    ${c.extensions?.length
      ? html`<h3>延期申请</h3><table class="list"><thead><tr><th>申请时间</th><th>申请延至</th><th>理由</th><th>附件</th><th>审批</th></tr></thead><tbody>${c.extensions.map(
          (x) => html`<tr><td>${dateTime(x.requestedAt)}</td><td>${day(x.deadline)}</td><td>${x.reason}</td><td>${gallery(c, x.attachments, '延期附件')}</td>
            <td>${x.decision ? `${x.decision === 'approved' ? `同意${x.grantedDeadline ? `（延至 ${day(x.grantedDeadline)}）` : ''}` : '不同意'}：${x.decisionReason ?? ''}（${x.decidedAt ? dateTime(x.decidedAt) : ''} ${who(x.decidedBy)}）` : html`<span class="muted">待审批</span>`}</td></tr>`,
        )}</tbody></table>`
      : ''}
    ${c.acceptance
      ? html`<h3>验收</h3><p>${dateTime(c.acceptance.at)} ${c.acceptance.byName ?? who(c.acceptance.by)}：${c.acceptance.opinion}</p>${gallery(c, c.acceptance.photos, '验收照片')}`
      : ''}
  </section>`;
}

/** 监管层级: its own trail of changes (乡镇 ↔ 县级), each with the step that made it and who took it. */
function levelBlock(c: Case, names: Map<string, string>): Html {
  const changes = c.levelHistory ?? [];
  if (changes.length === 0) return html``;
  return html`<section class="card level-trail">
    <h2>监管层级记录</h2>
    <table class="list"><thead><tr><th>时间</th><th>层级变化</th><th>因</th><th>说明</th><th>操作人</th></tr></thead><tbody>${changes.map((x) => {
      const e = c.history.find((h) => h.at.getTime() === x.at.getTime() && h.action === x.action);
      // The event's own note (its rule, its reason), not the level change the row already shows.
      const line = e ? describeEvent({ ...c, levelHistory: undefined }, e, zh, 'zh-CN', names) : undefined;
      return html`<tr><td>${dateTime(x.at)}</td><td>${levelText(x.from)} → ${levelText(x.to)}</td><td>${actionLabel(x.action as CaseEvent['action'])}</td>
        <td>${line?.note ?? ''}</td><td>${e ? actorText(c, e, names) : ''}</td></tr>`;
    })}</tbody></table>
  </section>`;
}

function supervisionBlock(c: Case): Html {
  const s = c.supervision;
  if (!s) return html``;
  const missing = missingSupervisionFields(s);
  return html`<section class="card supervision">
    <h2>挂牌督办</h2>
    <p>挂牌日期：${day(s.listedAt)}；${supervisionLabel('filed')}：${s.filed ? '已立案' : '未立案'}</p>
    <dl>${fiveImplementations.map((f) => html`<dt>${supervisionLabel(f)}</dt><dd>${s[f] ?? html`<span class="muted">未落实</span>`}</dd>`)}</dl>
    ${missing.length
      ? html`<p class="error">尚缺：${missing.map((m) => supervisionLabel(m as 'filed')).join('、')}。五落实齐全并立案后方可销号。</p>`
      : html`<p class="ok">五落实已齐全。</p>`}
  </section>`;
}

export function caseDetailPage(args: {
  c: Case;
  now: Date;
  townName?: string;
  actorNames: Map<string, string>;
  actions: Html;
  /** 举报奖励, on an anonymous tip's case only. */
  reward?: Html;
  /** Reminders no channel could deliver (undelivered.ts). */
  undelivered?: Html;
}): Html {
  const { c, now } = args;
  const location = c.location ? (c.location.label ?? `${c.location.lat.toFixed(5)}, ${c.location.lng.toFixed(5)}`) : '';
  return html`<p>${statusBadges(c, now)}</p>
  <div class="columns">
    <section class="card">
      <h2>基本信息</h2>
      <dl>
        <dt>来源</dt><dd>${sourceLabel(c.source)}</dd>
        ${c.alert
          ? html`<dt>AI 预警</dt><dd>${alertTypes[c.alert.type]} · 设备 ${c.alert.deviceId} · 首次 ${dateTime(c.alert.firstAt)} · 重复 ${c.alert.repeats} 次 · 置信度 ${Math.round(c.alert.confidence * 100)}%
              ${c.alert.clearedAt ? html`<br><strong>设备已报告解除（${dateTime(c.alert.clearedAt)}）</strong>，请核实现场后确认销号。` : ''}</dd>`
          : ''}
        <dt>属地</dt><dd>${args.townName ?? '待指派'}</dd>
        <dt>企业</dt><dd>${c.enterpriseId ? html`<a href="${to(`/enterprises/${encodeURIComponent(c.enterpriseId)}`)}">${c.enterpriseName ?? c.enterpriseId}</a>` : (c.enterpriseName ?? '未注明')}</dd>
        <dt>隐患描述</dt><dd class="pre">${c.description}</dd>
        <dt>类别</dt><dd>${c.category ?? '未分类'}</dd>
        <dt>等级</dt><dd>${c.severity ? severityLabel(c.severity) : '待评估'}</dd>
        <dt>监管层级</dt><dd>${levelText(caseSupervisionLevel(c))}</dd>
        <dt>整改期限</dt><dd>${day(c.deadline) || '—'}</dd>
        <dt>上报时间</dt><dd>${dateTime(c.createdAt)}</dd>
        ${location ? html`<dt>位置</dt><dd>${location}</dd>` : ''}
        ${c.rejectReason ? html`<dt>不予受理原因</dt><dd>${c.rejectReason}</dd>` : ''}
        ${c.escalatedAt ? html`<dt>升级督办</dt><dd>${day(c.escalatedAt)}</dd>` : ''}
        ${c.closedAt ? html`<dt>销号时间</dt><dd>${dateTime(c.closedAt)}</dd>` : ''}
      </dl>
    </section>
    <section class="card">
      <h2>整改前后对比</h2>
      <div class="compare">
        <div><h3>整改前</h3>${gallery(c, c.beforePhotos, '整改前')}</div>
        <div><h3>整改后</h3>${gallery(c, c.afterPhotos, '整改后')}</div>
      </div>
    </section>
  </div>
  ${supervisionBlock(c)}
  ${trailBlock(c, args.actorNames)}
  ${levelBlock(c, args.actorNames)}
  ${args.reward ?? ''}
  ${args.undelivered ?? ''}
  <section><h2>办理</h2>${args.actions}</section>
  <section class="card"><h2>处理记录</h2>${timeline(c, args.actorNames)}</section>`;
}
