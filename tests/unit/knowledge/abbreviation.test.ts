import { describe, expect, it } from 'vitest';
import { spelledOut } from '../../../knowledge/retrieval/confidence.js';

describe('abbreviations people type for the regulations\' terms', () => {
  it('finds an abbreviation where the text spells it out close together and in order', () => {
    expect(spelledOut('瞒报', '不得隐瞒不报、谎报或者迟报')).toBe(true);
    expect(spelledOut('安评', '承担安全评价、认证职责的机构')).toBe(true);
    expect(spelledOut('危化品', '储存危险化学品的仓库')).toBe(true);
    expect(spelledOut('履职', '依法履行职责')).toBe(true);
  });

  it('does not take characters far apart or out of order for an abbreviation', () => {
    expect(spelledOut('工资', '工人的资格')).toBe(false);
    expect(spelledOut('牌子', '指定品牌的产品子项')).toBe(false);
    expect(spelledOut('报瞒', '隐瞒不报')).toBe(false);
  });
});
