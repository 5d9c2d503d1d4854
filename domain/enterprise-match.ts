import { isValidCreditCode } from './credit-code.js';
import type { Enterprise } from './enterprise.js';

/**
 * Which registered enterprise a report names. People type "福盛钢铁", "福盛钢铁厂" or "山西福盛钢铁" for
 * 山西福盛钢铁有限公司: names are compared on their core, without region prefixes, company-form suffixes,
 * spaces, punctuation or full-width forms. Pure: the caller fetches the candidates.
 */
export type MatchRule = 'poster_qr' | 'credit_code' | 'name' | 'alias';

export interface EnterpriseMatch {
  enterprise: Pick<Enterprise, 'id' | 'name' | 'townId'>;
  rule: MatchRule;
}

export interface MatchInput {
  /** What the reporter typed as the enterprise (a name, an alias or a 统一社会信用代码). */
  typed?: string;
  /** The enterprise of the QR poster the report started from. */
  posterEnterpriseId?: string;
}

type Candidate = Pick<Enterprise, 'id' | 'name' | 'aliases' | 'townId'> & { creditCode?: string };

const regionPrefixes = ['山西省', '山西', '晋城市', '晋城', '泽州县', '泽州'];
const formSuffixes = ['股份有限公司', '有限责任公司', '有限公司', '分公司', '总公司', '集团公司', '集团', '公司', '总厂', '分厂', '厂'];

/** NFKC (full-width → half-width), lower case, no whitespace or punctuation. */
export const compactName = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

/** The distinctive part of a name: 山西福盛钢铁有限公司 → 福盛钢铁. Never shorter than 2 characters. */
export function nameCore(s: string): string {
  let core = compactName(s);
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of regionPrefixes) {
      if (core.startsWith(p) && core.length - p.length >= 2) {
        core = core.slice(p.length);
        changed = true;
      }
    }
    for (const x of formSuffixes) {
      if (core.endsWith(x) && core.length - x.length >= 2) {
        core = core.slice(0, -x.length);
        changed = true;
      }
    }
  }
  return core;
}

/** The credit code in what was typed, if it is one (upper-cased, separators removed). */
export function typedCreditCode(typed: string | undefined): string | undefined {
  const code = typed?.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  return code && code.length === 18 && isValidCreditCode(code) ? code : undefined;
}

/**
 * The one enterprise the input names, or undefined when none or several fit equally (the reporter then
 * chooses). Order: poster QR, credit code, then the name's core equal to a registered name's core, then
 * to an alias's core.
 */
export function matchEnterprise(input: MatchInput, candidates: readonly Candidate[]): EnterpriseMatch | undefined {
  const pick = (e: Candidate, rule: MatchRule): EnterpriseMatch => ({ enterprise: { id: e.id, name: e.name, townId: e.townId }, rule });
  if (input.posterEnterpriseId) {
    const e = candidates.find((c) => c.id === input.posterEnterpriseId);
    if (e) return pick(e, 'poster_qr');
  }
  const code = typedCreditCode(input.typed);
  if (code) {
    const e = candidates.find((c) => c.creditCode === code);
    return e ? pick(e, 'credit_code') : undefined;
  }
  const typed = input.typed?.trim();
  if (!typed) return undefined;
  const core = nameCore(typed);
  if (core.length < 2) return undefined;
  const byName = candidates.filter((c) => nameCore(c.name) === core || compactName(c.name) === compactName(typed));
  if (byName.length === 1) return pick(byName[0]!, 'name');
  if (byName.length > 1) return undefined;
  const byAlias = candidates.filter((c) => c.aliases.some((a) => nameCore(a) === core || compactName(a) === compactName(typed)));
  return byAlias.length === 1 ? pick(byAlias[0]!, 'alias') : undefined;
}
