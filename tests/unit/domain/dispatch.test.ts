import { describe, expect, it } from 'vitest';
import {
  applyDispatch,
  compactName,
  decideDispatch,
  distanceKm,
  matchEnterprise,
  nameCore,
  newCase,
  townAt,
  typedCreditCode,
} from '../../../domain/index.js';
import { parseTowns } from '../../../jobs/plan/task-plan.js';
import { readFileSync } from 'node:fs';
import { townsFile } from '../../../jobs/plan/task-plan.js';

const fusheng = { id: 'ent-fs', name: '山西福盛钢铁有限公司', aliases: ['福盛钢铁'], townId: 'bagong', creditCode: '91140525MA0K2ABC0X' };
const jintai = { id: 'ent-1', name: '泽州县金泰铸造有限公司', aliases: ['金泰铸造'], townId: 'nancun', creditCode: '91350100M000100Y43' };
const jintaiSteel = { id: 'ent-2', name: '泽州县金泰钢铁有限公司', aliases: [], townId: 'gaodu' };
const all = [fusheng, jintai, jintaiSteel];
const towns = parseTowns(readFileSync(townsFile, 'utf8')).map((t) => ({ id: t.id, ...t.centre! }));
const now = new Date('2026-06-01T02:00:00Z');

describe('enterprise matching', () => {
  it('reduces names to their distinctive core', () => {
    expect(nameCore('山西福盛钢铁有限公司')).toBe('福盛钢铁');
    expect(nameCore('福盛钢铁厂')).toBe('福盛钢铁');
    expect(nameCore('泽州县 金泰铸造 有限责任公司')).toBe('金泰铸造');
    expect(compactName('ＡＢＣ 钢铁（集团）')).toBe('abc钢铁集团');
    // Never reduced to nothing: a name that is only a suffix stays as typed.
    expect(nameCore('有限公司').length).toBeGreaterThanOrEqual(2);
  });

  it('finds 山西福盛钢铁有限公司 from what workers type', () => {
    for (const typed of ['福盛钢铁', '福盛钢铁厂', '山西福盛钢铁', '福盛钢铁有限公司', ' 福盛 钢铁 ', '山西福盛钢铁有限公司']) {
      expect(matchEnterprise({ typed }, all)?.enterprise.id, typed).toBe('ent-fs');
    }
    expect(matchEnterprise({ typed: '山西福盛钢铁有限公司' }, all)?.rule).toBe('name');
    expect(matchEnterprise({ typed: '福盛钢铁厂' }, all)?.rule).toBe('name');
  });

  it('matches an alias whose core differs from the name', () => {
    const e = { id: 'e9', name: '晋城市宏达新材料科技有限公司', aliases: ['宏达耐火厂'], townId: 'jincun' };
    expect(matchEnterprise({ typed: '宏达耐火' }, [e])).toEqual({ enterprise: { id: 'e9', name: e.name, townId: 'jincun' }, rule: 'alias' });
  });

  it('does not guess between two that fit equally, nor from a fragment', () => {
    const twin = { ...fusheng, id: 'ent-fs2', townId: 'gaodu', name: '晋城福盛钢铁有限公司' };
    expect(matchEnterprise({ typed: '福盛钢铁' }, [fusheng, twin])).toBeUndefined();
    expect(matchEnterprise({ typed: '金泰' }, all)).toBeUndefined();
    expect(matchEnterprise({ typed: '' }, all)).toBeUndefined();
  });

  it('takes a credit code and a poster QR first', () => {
    expect(typedCreditCode('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(typedCreditCode('91350100M000100Y44')).toBeUndefined();
    expect(matchEnterprise({ typed: '9135 0100 M000 100Y43' }, all)).toMatchObject({ enterprise: { id: 'ent-1' }, rule: 'credit_code' });
    expect(matchEnterprise({ typed: '福盛钢铁', posterEnterpriseId: 'ent-1' }, all)).toMatchObject({ enterprise: { id: 'ent-1' }, rule: 'poster_qr' });
  });
});

describe('town areas', () => {
  it('ships a centre for each of the 16 towns, inside the county', () => {
    expect(towns).toHaveLength(16);
    for (const t of towns) expect(townAt(t, towns)?.townId).toBe(t.id);
  });

  it('places a point in the town with the nearest centre, and not points outside the county', () => {
    expect(townAt({ lat: 35.615, lng: 112.875 }, towns)?.townId).toBe('bagong');
    expect(townAt({ lat: 35.44, lng: 112.81 }, towns)?.townId).toBe('nancun');
    expect(townAt({ lat: 39.9, lng: 116.4 }, towns)).toBeUndefined(); // Beijing
    expect(townAt({ lat: Number.NaN, lng: 112.8 }, towns)).toBeUndefined();
    expect(distanceKm({ lat: 35.61, lng: 112.88 }, { lat: 35.436, lng: 112.803 })).toBeGreaterThan(18);
  });
});

describe('dispatch decision', () => {
  const report = (over: Partial<Parameters<typeof newCase>[0]> = {}) =>
    newCase({ id: 'c1', number: 'ZZ-2026-000001', source: 'worker_report', description: '炼钢车间平台护栏缺失', photos: [], reporterId: 'w1', ...over }, { id: 'w1', role: 'worker' }, now);

  it('registers a matched enterprise’s report to its town as the system, naming the rule', () => {
    const match = matchEnterprise({ typed: '福盛钢铁' }, all);
    const d = decideDispatch({ match, location: { lat: 35.44, lng: 112.81 } }, towns);
    expect(d).toEqual({ rule: 'enterprise_name', townId: 'bagong', enterpriseId: 'ent-fs', autoRegister: true, needsConfirmation: false });
    const c = applyDispatch(report(), d, now);
    expect(c).toMatchObject({ status: 'registered', townId: 'bagong', enterpriseId: 'ent-fs', dispatch: { rule: 'enterprise_name', needsConfirmation: false } });
    expect(c.history.at(-1)).toEqual({ at: now, actorId: 'system', actorRole: 'system', action: 'register', from: 'reported', to: 'registered', rule: 'enterprise_name' });
  });

  it('places an unmatched located report in a town, unregistered and flagged for confirmation', () => {
    const d = decideDispatch({ location: { lat: 35.615, lng: 112.875 } }, towns);
    expect(d).toMatchObject({ rule: 'location_town_area', townId: 'bagong', autoRegister: false, needsConfirmation: true });
    const c = applyDispatch(report({ location: { lat: 35.615, lng: 112.875 } }), d, now);
    expect(c.status).toBe('reported');
    expect(c.history).toHaveLength(1);
    expect(c.dispatch).toMatchObject({ rule: 'location_town_area', needsConfirmation: true });
  });

  it('sends a tip from a town poster to that town, and everything else to the county duty queue', () => {
    expect(decideDispatch({ posterTownId: 'gaodu' }, towns)).toMatchObject({ rule: 'poster_town', townId: 'gaodu', needsConfirmation: true });
    const d = decideDispatch({ location: { lat: 39.9, lng: 116.4 } }, towns);
    expect(d).toEqual({ rule: 'county_duty', autoRegister: false, needsConfirmation: false });
    expect(applyDispatch(report(), d, now)).toMatchObject({ status: 'reported', dispatch: { rule: 'county_duty' } });
    expect(applyDispatch(report(), d, now).townId).toBeUndefined();
  });

  it('refuses to dispatch a case that has moved on', () => {
    const c = applyDispatch(report(), decideDispatch({ match: matchEnterprise({ typed: '金泰铸造' }, all) }, towns), now);
    expect(() => applyDispatch(c, decideDispatch({}, towns), now)).toThrow(/registered/);
  });
});
