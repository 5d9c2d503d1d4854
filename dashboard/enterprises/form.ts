import { html } from 'hono/html';
import { enterpriseFlags, enterpriseSchema, enterpriseStatuses, industries, isCountyLevel, riskLevels, supervisionLevels } from '../../domain/index.js';
import type { Actor, Enterprise, Town } from '../../domain/index.js';
import { text, type FormBody } from '../cases/command-from-form.js';
import { options, type Html } from '../html/layout.js';
import { enterpriseStatusLabels, flagLabels, riskLabels, supervisionLevelLabels } from '../labels.js';
import { parseLocation, splitAliases } from './ledger.js';

/** The create/edit form of one enterprise; `e` absent for a new one. */
export function enterpriseForm(args: { e?: Enterprise; towns: Town[]; actor: Actor; action: string; csrf: Html }): Html {
  const { e, towns, actor } = args;
  const county = isCountyLevel(actor);
  return html`<form method="post" action="${args.action}" class="card form-grid">
    ${args.csrf}
    ${e ? html`<input type="hidden" name="version" value="${e.version}">` : ''}
    <label>企业名称<input name="name" value="${e?.name ?? ''}" required minlength="2" maxlength="100"></label>
    <label>统一社会信用代码<input name="creditCode" value="${e?.creditCode ?? ''}" maxlength="18" pattern="[0-9A-Za-z]{18}" title="18位统一社会信用代码"></label>
    <label>所属镇（乡）<select name="townId" required>${options(towns.map((t) => t.id), (id) => towns.find((t) => t.id === id)?.name ?? id, e?.townId ?? actor.townId)}</select></label>
    <label>行业类别<select name="industry" required>${options(industries, (i) => i, e?.industry, '请选择')}</select></label>
    <label>风险等级<select name="riskLevel" required>${options(riskLevels, (r) => riskLabels[r], e?.riskLevel, '请选择')}</select></label>
    <label>监管层级${county
      ? html`<select name="supervisionLevel">${options(supervisionLevels, (s) => supervisionLevelLabels[s], e?.supervisionLevel ?? 'town')}</select>`
      : html`<input value="${supervisionLevelLabels[e?.supervisionLevel ?? 'town']}" disabled><small>由县局确定</small>`}</label>
    <label>生产状态<select name="status">${options(enterpriseStatuses, (s) => enterpriseStatusLabels[s], e?.status ?? 'operating')}</select></label>
    <label class="check"><input type="checkbox" name="aboveScale" value="1"${e?.aboveScale ? html` checked` : ''}> 规模以上企业</label>
    <fieldset><legend>重点领域</legend>${enterpriseFlags.map(
      (f) => html`<label class="check"><input type="checkbox" name="flags" value="${f}"${e?.flags.includes(f) ? html` checked` : ''}> ${flagLabels[f]}</label>`,
    )}</fieldset>
    <label>简称/别名（顿号分隔）<input name="aliases" value="${e?.aliases.join('、') ?? ''}" maxlength="500"></label>
    <label>法定代表人<input name="legalRep" value="${e?.legalRep ?? ''}" maxlength="50"></label>
    <label>安全负责人<input name="safetyManager" value="${e?.safetyManager ?? ''}" maxlength="50"></label>
    <label>联系电话<input name="contactPhone" value="${e?.contactPhone ?? ''}" maxlength="30"></label>
    <label>地址<input name="address" value="${e?.address ?? ''}" maxlength="200"></label>
    <label>经纬度（纬度,经度）<input name="location" value="${e?.location ? `${e.location.lat},${e.location.lng}` : ''}" maxlength="40" placeholder="35.61,112.88"></label>
    <label>主要产品及工艺<textarea name="industryDetail" maxlength="500" rows="2">${e?.industryDetail ?? ''}</textarea></label>
    ${e ? html`<label>风险或监管层级调整理由<input name="note" maxlength="200" placeholder="调整等级时填写，记入分级分类历史"></label>` : ''}
    <button type="submit">${e ? '保存' : '登记企业'}</button>
  </form>`;
}

const fieldErrors: Record<string, string> = {
  name: '企业名称须为2到100字。',
  creditCode: '统一社会信用代码不正确（18位，校验位须相符）。',
  townId: '请选择所属镇（乡）。',
  industry: '请选择行业类别。',
  riskLevel: '请选择风险等级。',
  supervisionLevel: '请选择监管层级。',
  status: '请选择生产状态。',
  aliases: '简称/别名每个不超过100字，最多20个。',
  location: '经纬度应为“纬度,经度”，如 35.61,112.88。',
  legalRep: '法定代表人不超过50字。',
  safetyManager: '安全负责人不超过50字。',
  contactPhone: '联系电话不超过30字。',
  address: '地址不超过200字。',
  industryDetail: '主要产品及工艺不超过500字。',
};

/** The submitted form as an enterprise, or what is wrong with it. A town official keeps their town and the county's supervision level. */
export function enterpriseFromForm(
  form: FormBody,
  actor: Actor,
  base: Pick<Enterprise, 'id' | 'createdAt' | 'updatedAt' | 'version'> & Partial<Enterprise>,
): { enterprise: Enterprise } | { error: string } {
  const county = isCountyLevel(actor);
  const all = (name: string) => ([] as unknown[]).concat(form[name] ?? []).filter((v): v is string => typeof v === 'string');
  const name = text(form, 'name');
  const location = parseLocation(text(form, 'location'));
  const parsed = enterpriseSchema.safeParse({
    ...base,
    name,
    aliases: splitAliases(text(form, 'aliases')).filter((a) => a !== name),
    creditCode: text(form, 'creditCode').toUpperCase() || undefined,
    townId: county ? text(form, 'townId') : (actor.townId ?? ''),
    industry: text(form, 'industry'),
    aboveScale: text(form, 'aboveScale') === '1',
    riskLevel: text(form, 'riskLevel'),
    supervisionLevel: county ? text(form, 'supervisionLevel') || 'town' : (base.supervisionLevel ?? 'town'),
    flags: all('flags'),
    status: text(form, 'status') || 'operating',
    legalRep: text(form, 'legalRep') || undefined,
    safetyManager: text(form, 'safetyManager') || undefined,
    contactPhone: text(form, 'contactPhone') || undefined,
    address: text(form, 'address') || undefined,
    industryDetail: text(form, 'industryDetail') || undefined,
    location: location && 'value' in location ? location.value : undefined,
  });
  if (location && 'error' in location) return { error: fieldErrors.location! };
  if (parsed.success) return { enterprise: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  return { error: fieldErrors[field] ?? '输入内容有误，请检查后重试。' };
}
